// Reactions on messages (API.md §9), in the session envelope.
import type { Reaction, ReactionSummary } from './api-types.js';
import type { HttpTransport } from './http-transport.js';

const family = 'session';

export class ReactionsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Adding again is a no-op (the same answer). At most 20 distinct emoji per user per message. */
  add(roomId: string, messageId: string, emoji: string): Promise<Reaction> {
    return this.http.call('post', '/rooms/{id}/messages/{messageId}/reactions', {
      family,
      params: { id: roomId, messageId },
      body: { emoji },
    }) as Promise<Reaction>;
  }

  remove(roomId: string, messageId: string, emoji: string): Promise<void> {
    return this.http
      .call('delete', '/rooms/{id}/messages/{messageId}/reactions/{emoji}', {
        family,
        params: { id: roomId, messageId, emoji },
      })
      .then(() => undefined);
  }

  /** Most used first, then by emoji; `users` lists the first 20, `me` whether the caller reacted. */
  list(roomId: string, messageId: string): Promise<ReactionSummary[]> {
    return this.http.call('get', '/rooms/{id}/messages/{messageId}/reactions', {
      family,
      params: { id: roomId, messageId },
    }) as Promise<ReactionSummary[]>;
  }
}
