import { describe, expect, it } from '@jest/globals';
import { changesCursor, historyCursor } from './history-cursor.js';
import { encodeSyncCursor } from './sync-cursor.js';

describe('history cursor rules (API.md §5)', () => {
  it('defaults to the newest 50', () => {
    expect(historyCursor({})).toEqual({ direction: 'newest', limit: 50 });
  });

  it('before → seq < N, after → seq > N', () => {
    expect(historyCursor({ before: 10, limit: 5 })).toEqual({ direction: 'before', seq: 10, limit: 5 });
    expect(historyCursor({ after: 0 })).toEqual({ direction: 'after', seq: 0, limit: 50 });
  });

  it.each([0, 201, 2.5, -1, NaN])('rejects limit %s', (limit) => {
    expect(() => historyCursor({ limit })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it.each([1, 200])('accepts limit %s', (limit) => {
    expect(historyCursor({ limit }).limit).toBe(limit);
  });

  it('rejects both cursors and bad seqs', () => {
    expect(() => historyCursor({ before: 3, after: 1 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => historyCursor({ before: -1 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => historyCursor({ after: 1.5 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => historyCursor({ after: 2 ** 31 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('changed_since: the decoded position and the same limit rules', () => {
    const cursor = encodeSyncCursor(1234n);
    expect(changesCursor({ changed_since: cursor })).toEqual({ since: 1234n, limit: 50 });
    expect(changesCursor({ changed_since: cursor, limit: 200 })).toEqual({ since: 1234n, limit: 200 });
    expect(() => changesCursor({ changed_since: cursor, limit: 201 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('changed_since: refuses a bad cursor and a seq cursor beside it', () => {
    expect(() => changesCursor({ changed_since: '17' })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^changed_since/),
      }),
    );
    for (const extra of [{ before: 3 }, { after: 0 }]) {
      expect(() => changesCursor({ changed_since: encodeSyncCursor(1n), ...extra })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    }
  });
});
