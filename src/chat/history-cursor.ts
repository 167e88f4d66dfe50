// History paging rules of API.md §5, shared by REST and WS: one cursor at most, limit 1–200 (default 50).
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { decodeSyncCursor, type ChangePosition } from './sync-cursor.js';

export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 200;

export type HistoryCursor =
  | { direction: 'newest'; limit: number }
  /** seq < N, newest first. */
  | { direction: 'before'; seq: number; limit: number }
  /** seq > N, oldest first. */
  | { direction: 'after'; seq: number; limit: number };

export interface HistoryQueryInput {
  before?: number;
  after?: number;
  limit?: number;
  /** A sync cursor: the room's changes after it instead of a page by seq. */
  changed_since?: string;
}

/** `changed_since=<cursor>`: the changes after that position, in change order, `limit` at most. */
export interface ChangesCursor {
  since: ChangePosition;
  limit: number;
}

/** seq is a Postgres integer. */
export const MAX_SEQ = 2_147_483_647;

function isSeq(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_SEQ;
}

function limitOf(input: HistoryQueryInput): number {
  const limit = input.limit ?? HISTORY_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_MAX_LIMIT) {
    throw new ValidationFailedError(`limit must be an integer between 1 and ${HISTORY_MAX_LIMIT}`);
  }
  return limit;
}

export function changesCursor(input: HistoryQueryInput & { changed_since: string }): ChangesCursor {
  const limit = limitOf(input);
  if (input.before !== undefined || input.after !== undefined) {
    throw new ValidationFailedError('give changed_since alone (with limit), not with before or after');
  }
  return { since: decodeSyncCursor(input.changed_since, 'changed_since'), limit };
}

export function historyCursor(input: HistoryQueryInput): HistoryCursor {
  const limit = limitOf(input);
  if (input.before !== undefined && input.after !== undefined) {
    throw new ValidationFailedError('give either before or after, not both');
  }
  if (input.before !== undefined) {
    if (!isSeq(input.before))
      throw new ValidationFailedError(`before must be an integer from 0 to ${MAX_SEQ}`);
    return { direction: 'before', seq: input.before, limit };
  }
  if (input.after !== undefined) {
    if (!isSeq(input.after)) throw new ValidationFailedError(`after must be an integer from 0 to ${MAX_SEQ}`);
    return { direction: 'after', seq: input.after, limit };
  }
  return { direction: 'newest', limit };
}
