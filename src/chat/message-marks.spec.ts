import { describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error.js';
import type { ChatCaller } from './chat-caller.js';
import { ChatError } from './chat.errors.js';
import type { MessageAccess, MessageAccessOptions } from './message-access.js';
import { MessageMarks, type MarkKind } from './message-marks.js';
import type { RoomBroadcast } from './room-broadcast.js';

declare module '../realtime/server-events.js' {
  interface ServerEventMap {
    'vote.added': { room_id: string; message_id: string; username: string; option: string };
    'vote.removed': { room_id: string; message_id: string; username: string; option: string };
  }
}

class Votes extends MessageMarks<'option'> {
  protected readonly kind: MarkKind<'option'> = {
    table: 'poll_votes',
    column: 'option',
    perUser: 2,
    tooMany: 'TOO_MANY_VOTES',
    added: 'vote.added',
    removed: 'vote.removed',
  };
}

const caller: ChatCaller = { userId: 'u1', username: 'alice' };
const message = { id: 'm1', roomId: 'r1', deletedAt: null };

/** A MessageMarks over fakes: `rows` is what the one statement of add/remove returns. */
function votesReturning(rows: unknown) {
  const sql: string[] = [];
  const loads: MessageAccessOptions[] = [];
  const sent: unknown[] = [];
  const query = (text: string) => (sql.push(text), Promise.resolve(rows));
  const lock = { query } as unknown as EntityManager;
  const db = {
    query,
    transaction: (work: (em: EntityManager) => unknown) => work(lock),
  } as unknown as DataSource;
  const access = {
    load: (_: ChatCaller, __: string, options: MessageAccessOptions) => (loads.push(options), { message }),
  } as unknown as MessageAccess;
  const broadcast = { toRoom: (...args: unknown[]) => sent.push(args) } as unknown as RoomBroadcast;
  return {
    votes: new Votes(db, access, broadcast),
    sql,
    loads,
    sent,
    lock,
  };
}

describe('MessageMarks', () => {
  it('adds under the message lock with what sending needs, and announces the mark under its column', async () => {
    const { votes, sql, loads, sent, lock } = votesReturning([{ had: false, inserted: true }]);
    const { event, created } = await votes.add(caller, 'm1', 'yes', 'r1');
    expect(created).toBe(true);
    expect(event).toEqual({ room_id: 'r1', message_id: 'm1', option: 'yes', username: 'alice' });
    expect(loads).toEqual([{ roomId: 'r1', action: 'send', live: true, lock }]);
    expect(sent).toEqual([['r1', 'vote.added', event]]);
    expect(sql[0]).toContain('INSERT INTO "poll_votes" (message_id, user_id, "option")');
  });

  it('answers created: false and announces nothing when the caller had the mark already', async () => {
    const { votes, sent } = votesReturning([{ had: true, inserted: false }]);
    await expect(votes.add(caller, 'm1', 'yes')).resolves.toMatchObject({ created: false });
    expect(sent).toEqual([]);
  });

  it('refuses one over the per-user limit with the kind’s code', async () => {
    const { votes, sent } = votesReturning([{ had: false, inserted: false }]);
    const refused = votes.add(caller, 'm1', 'maybe');
    await expect(refused).rejects.toBeInstanceOf(ChatError);
    await expect(refused).rejects.toMatchObject({ code: 'TOO_MANY_VOTES', kind: 'conflict' });
    expect(sent).toEqual([]);
  });

  it('removes and announces it; 404 and no announcement when there was none', async () => {
    const removed = votesReturning([[{}]]);
    await removed.votes.remove(caller, 'm1', 'yes', 'r1');
    expect(removed.sent).toEqual([['r1', 'vote.removed', expect.objectContaining({ option: 'yes' })]]);
    expect(removed.loads).toEqual([{ roomId: 'r1', action: 'send' }]);

    const none = votesReturning([[]]);
    await expect(none.votes.remove(caller, 'm1', 'yes')).rejects.toBeInstanceOf(NotFoundError);
    expect(none.sent).toEqual([]);
  });
});
