// Body and client_id rules of API.md §5, the same on REST and WebSocket.
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { MessageTooLongError } from './chat.errors.js';

/** Length as users count it: Unicode code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Returns the body to store, or throws VALIDATION_FAILED / MESSAGE_TOO_LONG. */
export function checkMessageBody(body: unknown, maxLength: number): string {
  if (typeof body !== 'string') throw new ValidationFailedError('body must be a string');
  if (body.trim() === '') throw new ValidationFailedError('body must not be blank');
  // Postgres text cannot hold NUL; refuse it rather than fail on insert.
  if (body.includes('\u0000')) throw new ValidationFailedError('body must not contain NUL characters');
  if (body.length > maxLength && codePointLength(body) > maxLength) throw new MessageTooLongError(maxLength);
  return body;
}

export const CLIENT_ID_MAX_LENGTH = 64;

export function checkClientId(clientId: unknown): string | null {
  if (clientId === undefined || clientId === null) return null;
  if (
    typeof clientId !== 'string' ||
    clientId.length < 1 ||
    clientId.length > CLIENT_ID_MAX_LENGTH ||
    clientId.includes('\u0000')
  ) {
    throw new ValidationFailedError(`client_id must be a string of 1 to ${CLIENT_ID_MAX_LENGTH} characters`);
  }
  return clientId;
}
