// The sync cursor of API.md §6 (`resume.done.cursor`, `resume {since}`, REST `changed_since`): an opaque
// string for clients, a change position (messages.change_seq) inside. "c1." marks the version, the
// position follows in base 36, so a client cannot mistake it for a seq and a later format can coexist.
import { ValidationFailedError } from '../common/errors/domain-error.js';

/** A position of `message_change_seq`: a Postgres bigint. */
export type ChangePosition = bigint;

const PREFIX = 'c1.';
const MAX_POSITION = 2n ** 63n - 1n;
/** PREFIX plus the base-36 digits of MAX_POSITION (13). */
export const SYNC_CURSOR_MAX_LENGTH = PREFIX.length + MAX_POSITION.toString(36).length;
const FORMAT = /^c1\.(0|[1-9a-z][0-9a-z]{0,12})$/;

export function encodeSyncCursor(position: ChangePosition): string {
  if (position < 0n || position > MAX_POSITION)
    throw new RangeError(`change position out of range: ${position}`);
  return PREFIX + position.toString(36);
}

/** The position inside a cursor this server handed out; anything else → VALIDATION_FAILED. */
export function decodeSyncCursor(cursor: string, field = 'cursor'): ChangePosition {
  const match = FORMAT.exec(cursor);
  if (match) {
    let position = 0n;
    for (const digit of match[1]) position = position * 36n + BigInt(parseInt(digit, 36));
    if (position <= MAX_POSITION) return position;
  }
  throw new ValidationFailedError(`${field} must be a cursor from an earlier resume.done or history page`);
}

export function maxPosition(a: ChangePosition, b: ChangePosition): ChangePosition {
  return a > b ? a : b;
}
