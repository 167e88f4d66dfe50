import { describe, expect, it } from '@jest/globals';
import {
  findUnsafeInput,
  MAX_JSON_DEPTH,
  NUL_PROBLEM,
  SURROGATE_PROBLEM,
  textProblem,
} from './text-safety.js';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i += 1) value = { a: value };
  return value;
}

describe('text safety at the edge', () => {
  it('refuses NUL and lone surrogates, accepts any other text', () => {
    expect(textProblem('a\u0000b')).toBe(NUL_PROBLEM);
    expect(textProblem('x\uD800')).toBe(SURROGATE_PROBLEM);
    expect(textProblem('\uDC00x')).toBe(SURROGATE_PROBLEM);
    expect(textProblem('emoji 😀, tab\t, ünïcødé')).toBeUndefined();
  });

  it('names the first bad field by its path, keys included', () => {
    expect(findUnsafeInput({ name: 'ok', nested: { list: ['fine', 'bad\u0000'] } })).toEqual({
      kind: 'bad_text',
      field: 'nested.list.1',
      problem: NUL_PROBLEM,
    });
    expect(findUnsafeInput({ ['k\u0000']: 1 }, 'data')).toEqual({
      kind: 'bad_text',
      field: 'data.k\u0000',
      problem: NUL_PROBLEM,
    });
    expect(findUnsafeInput('\uD800')).toMatchObject({ field: 'body' });
  });

  it('bounds nesting without recursion, even 100 000 levels deep', () => {
    expect(findUnsafeInput(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(findUnsafeInput(nested(MAX_JSON_DEPTH + 1))).toEqual({ kind: 'too_deep', depth: MAX_JSON_DEPTH });
    expect(findUnsafeInput(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toMatchObject({
      kind: 'too_deep',
    });
  });

  it('passes plain values', () => {
    expect(findUnsafeInput({ a: 1, b: [true, null], c: 'text' })).toBeUndefined();
    expect(findUnsafeInput(undefined)).toBeUndefined();
  });
});
