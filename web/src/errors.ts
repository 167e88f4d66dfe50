import { isPChatError } from '../../client/src/index.js';

/** A refusal as one line for people: the server's message, and its code when it has one. */
export function describeError(error: unknown): string {
  if (isPChatError(error)) {
    if (error.code === 'NETWORK_ERROR') return 'The server cannot be reached. Try again.';
    return error.message ? `${error.message} (${error.code})` : error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
