import { describe, expect, it } from '@jest/globals';
import { checkClientId, checkMessageBody, codePointLength } from './message-rules.js';

describe('message rules', () => {
  it('counts Unicode code points, not UTF-16 units', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀😀')).toBe(2);
    expect('😀😀'.length).toBe(4);
  });

  it('accepts exactly the maximum in code points, even when UTF-16 is longer', () => {
    expect(checkMessageBody('😀'.repeat(5), 5)).toBe('😀'.repeat(5));
  });

  it('rejects one code point over the maximum with MESSAGE_TOO_LONG', () => {
    expect(() => checkMessageBody('😀'.repeat(6), 5)).toThrow(
      expect.objectContaining({ code: 'MESSAGE_TOO_LONG', kind: 'invalid' }),
    );
  });

  it.each(['', '   ', '\n\t ', 42, null])('rejects %p with VALIDATION_FAILED', (body) => {
    expect(() => checkMessageBody(body, 10)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('rejects NUL, which Postgres text cannot store', () => {
    expect(() => checkMessageBody('a\u0000b', 10)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('client_id is optional, else 1–64 characters', () => {
    expect(checkClientId(undefined)).toBeNull();
    expect(checkClientId('x'.repeat(64))).toBe('x'.repeat(64));
    for (const bad of ['', 'x'.repeat(65), 7]) {
      expect(() => checkClientId(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });
});
