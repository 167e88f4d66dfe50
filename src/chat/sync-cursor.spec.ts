import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { decodeSyncCursor, encodeSyncCursor, maxPosition, SYNC_CURSOR_MAX_LENGTH } from './sync-cursor.js';

describe('sync cursor', () => {
  it.each([0n, 1n, 35n, 36n, 123_456_789n, 2n ** 53n + 1n, 2n ** 63n - 1n])('round-trips %s', (position) => {
    const cursor = encodeSyncCursor(position);
    expect(cursor.startsWith('c1.')).toBe(true);
    expect(cursor.length).toBeLessThanOrEqual(SYNC_CURSOR_MAX_LENGTH);
    expect(decodeSyncCursor(cursor)).toBe(position);
  });

  it('is opaque base 36, not the bare number', () => {
    expect(encodeSyncCursor(0n)).toBe('c1.0');
    expect(encodeSyncCursor(36n)).toBe('c1.10');
    expect(encodeSyncCursor(2n ** 63n - 1n)).toBe('c1.1y2p0ij32e8e7');
  });

  it('refuses positions outside a bigint', () => {
    expect(() => encodeSyncCursor(-1n)).toThrow(RangeError);
    expect(() => encodeSyncCursor(2n ** 63n)).toThrow(RangeError);
  });

  it.each([
    '',
    '12',
    'c1.',
    'c2.5',
    'c1.-5',
    'c1.05',
    'c1.A',
    'c1.5 ',
    ' c1.5',
    'c1.1y2p0ij32e8e8', // 2^63: one past the largest bigint
    'c1.zzzzzzzzzzzzz',
    'c1.00000000000000',
  ])('refuses %j with VALIDATION_FAILED', (cursor) => {
    expect(() => decodeSyncCursor(cursor, 'since')).toThrow(ValidationFailedError);
    expect(() => decodeSyncCursor(cursor, 'since')).toThrow(/^since must be a cursor/);
  });

  it('orders positions', () => {
    expect(maxPosition(3n, 5n)).toBe(5n);
    expect(maxPosition(5n, 3n)).toBe(5n);
  });
});
