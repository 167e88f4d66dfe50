// Blocking (API.md §5), in the session envelope: while the caller blocks a user, that user can neither open
// the direct room with the caller nor send to it (403 BLOCKED on every transport).
import type { Block } from './api-types.js';
import type { HttpTransport } from './http-transport.js';

const family = 'session';

export class BlocksApi {
  constructor(private readonly http: HttpTransport) {}

  /** Blocking again is a no-op (the first block comes back). Oneself → 400, an unknown user → 404. */
  block(username: string): Promise<Block> {
    return this.http.call('post', '/blocks/{username}', { family, params: { username } }) as Promise<Block>;
  }

  /** 404 when the caller does not block `username`. */
  unblock(username: string): Promise<void> {
    return this.http
      .call('delete', '/blocks/{username}', { family, params: { username } })
      .then(() => undefined);
  }

  /** The users the caller blocks, most recently blocked first. */
  list(): Promise<Block[]> {
    return this.http.call('get', '/blocks', { family }) as Promise<Block[]>;
  }
}
