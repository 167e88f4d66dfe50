import { describe, expect, it } from '@jest/globals';
import type { Repository } from 'typeorm';
import type { DomainEvents } from '../common/events/domain-events.js';
import type { AuthSession } from './auth-session.entity.js';
import { SessionStore } from './session-store.service.js';

const ids = ['6f1c0000-0000-4000-8000-000000000001', '6f1c0000-0000-4000-8000-000000000002'];
const ID_C = '6f1c0000-0000-4000-8000-000000000003';

/** A repository whose reads finish when the test says so; records the ids each read asked for. */
function fakeSessions(live: string[]) {
  const reads: { ids: string[]; finish(): void }[] = [];
  const repository = {
    create: (row: AuthSession) => row,
    query: (_sql: string, [asked]: [string[], Date]) =>
      new Promise<AuthSession[]>((resolve) => {
        reads.push({
          ids: asked,
          finish: () => resolve(asked.filter((id) => live.includes(id)).map((id) => ({ id }) as AuthSession)),
        });
      }),
  };
  return { repository: repository as unknown as Repository<AuthSession>, reads };
}

describe('SessionStore.findLive', () => {
  it('shares one read among concurrent callers; an id asked during a read goes into the next read', async () => {
    const { repository, reads } = fakeSessions([ids[0], ID_C]);
    const store = new SessionStore(repository, {} as DomainEvents);
    const first = store.findLive(ids[0]);
    const second = [store.findLive(ids[1]), store.findLive(ids[0].toUpperCase())];
    expect(reads.map((read) => read.ids)).toEqual([[ids[0]]]);
    reads[0].finish();
    await expect(first).resolves.toMatchObject({ id: ids[0] });
    // Asked while the first read ran: not answered by it, but by one read of their own after it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.map((read) => read.ids)).toEqual([[ids[0]], [ids[1], ids[0]]]);
    const late = store.findLive(ID_C);
    reads[1].finish();
    await expect(Promise.all(second)).resolves.toEqual([null, { id: ids[0] }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.map((read) => read.ids)).toEqual([[ids[0]], [ids[1], ids[0]], [ID_C]]);
    reads[2].finish();
    await expect(late).resolves.toEqual({ id: ID_C });
    await expect(store.findLive('not-a-uuid')).resolves.toBeNull();
  });
});
