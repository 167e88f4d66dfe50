// Every hot chat query must be an index range scan, not a table scan. Fills enough rows for the planner
// to prefer indexes honestly (no enable_seqscan tricks), then checks each plan. Runs on PGlite by
// default and on real PostgreSQL under `npm run test:pg`, there in a database of its own: in the run's
// shared database the statistics are those of whatever the other suites left, and CI once saw the
// planner serve the newest page from (room_id, change_seq) plus a sort under them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CHANGES_SQL, FLASH_BACKLOG_SQL, HISTORY_SQL } from '../src/chat/message-queries.js';
import { MY_ROOMS_SQL, PUBLIC_ROOMS_SQL } from '../src/chat/room-views.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const ROOMS = 20000;
/** Rooms n with n % BUSY_EVERY = 1 have peers and messages; the user is in every USER_EVERY-th room
 * (a user belongs to a small share of all rooms; with a large share the planner rightly reads rooms whole). */
const BUSY_EVERY = 100;
const USER_EVERY = 1000;
const MESSAGES_PER_ROOM = 100;
const PEERS = 20;

describe('chat query plans use indexes', () => {
  let app: TestApp;
  let db: DataSource;
  let userId: string;
  let roomId: string;
  const tag = `ix${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    app = await createTestApp({ postgres: process.env.PSQL_HOST ? 'own' : false });
    db = app.app.get(DataSource);
    await db.query(
      `INSERT INTO users (username, name, password_hash)
       SELECT $1 || '_' || g, 'Peer', 'x' FROM generate_series(0, $2) g`,
      [tag, PEERS],
    );
    const users = await db.query<
      {
        id: string;
      }[]
    >(`SELECT id FROM users WHERE username LIKE $1 ORDER BY username`, [`${tag}\\_%`]);
    userId = users[0].id;
    const rooms = await db.query<{ id: string }[]>(
      `INSERT INTO rooms (kind, visibility, name, name_key, last_seq)
       SELECT 'group', CASE WHEN g % 2 = 0 THEN 'public' ELSE 'private' END, $1 || ' ' || g, $1 || ' ' || g,
              CASE WHEN g % $4 = 1 THEN $2::int ELSE 0 END
       FROM generate_series(1, $3) g ORDER BY g RETURNING id`,
      [tag, MESSAGES_PER_ROOM, ROOMS, BUSY_EVERY],
    );
    roomId = rooms[0].id;
    const roomIds = rooms.map((r) => r.id);
    const userIds = users.map((u) => u.id);
    const busy = roomIds.filter((_, i) => (i + 1) % BUSY_EVERY === 1);
    await db.query(
      `INSERT INTO room_members (room_id, user_id, role)
       SELECT r.id, u.id, 'member' FROM unnest($1::uuid[]) WITH ORDINALITY AS r(id, n)
       CROSS JOIN unnest($2::uuid[]) WITH ORDINALITY AS u(id, k)
       WHERE (u.k > 1 AND r.n % $3 = 1) OR (u.k = 1 AND r.n % $4 = 1)`,
      [roomIds, userIds, BUSY_EVERY, USER_EVERY],
    );
    // As after a long life (or the suites before this one): change positions far from zero.
    await db.query("SELECT setval('message_change_seq', nextval('message_change_seq') + 1000000)");
    await db.query(
      `INSERT INTO messages (room_id, seq, sender_id, body)
       SELECT r.id, s, ($2::uuid[])[1 + s % $3], 'body ' || s
       FROM unnest($1::uuid[]) AS r(id) CROSS JOIN generate_series(1, $4) s`,
      [busy, userIds, userIds.length, MESSAGES_PER_ROOM],
    );
    // Some edits and deletions in the busy rooms, each with a change position as the service stamps it.
    await db.query(
      `UPDATE messages SET body = NULL, deleted_at = now(), change_seq = message_change_position()
       WHERE room_id = ANY($1::uuid[]) AND seq % 10 = 0`,
      [busy],
    );
    await db.query('ANALYZE rooms');
    await db.query('ANALYZE room_members');
    await db.query('ANALYZE messages');
  });
  afterAll(async () => {
    await app.close();
  });

  async function plan(sql: string, params: unknown[]): Promise<PlanNode[]> {
    const rows = await db.query<{ 'QUERY PLAN': unknown }[]>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    const raw = rows[0]['QUERY PLAN'];
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
    if (process.env.TEST_LOGS) console.log(JSON.stringify(parsed[0].Plan, null, 1));
    return nodes(parsed[0].Plan);
  }

  const indexesOf = (planNodes: PlanNode[]) =>
    planNodes.flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
  const seqScans = (planNodes: PlanNode[]) =>
    planNodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']);

  it.each(['newest', 'before', 'after'] as const)(
    'history (%s) is a range on UQ_messages_room_seq',
    async (direction) => {
      const params = direction === 'newest' ? [roomId, 50] : [roomId, 50, 60];
      const planNodes = await plan(HISTORY_SQL[direction], params);
      expect(indexesOf(planNodes)).toContain('UQ_messages_room_seq');
      expect(seqScans(planNodes)).not.toContain('messages');
    },
  );

  it('resume edits since a cursor are a range on the partial IDX_messages_room_edits', async () => {
    const planNodes = await plan(CHANGES_SQL.resumeEdits, [roomId, '0', '9223372036854775807', 60, 501]);
    expect(indexesOf(planNodes)).toContain('IDX_messages_room_edits');
    expect(seqScans(planNodes)).not.toContain('messages');
  });

  it('changed_since is a range on IDX_messages_room_change', async () => {
    // A recent cursor, as a client that synced a moment ago holds: the last 10 changes of the room are
    // after it (the suites before this one in a run have moved the sequence on, so no fixed number).
    const [{ cursor }] = await db.query<{ cursor: string }[]>(
      `SELECT change_seq::text AS cursor FROM messages WHERE room_id = $1 ORDER BY change_seq DESC OFFSET 10 LIMIT 1`,
      [roomId],
    );
    const planNodes = await plan(CHANGES_SQL.changedSince, [roomId, cursor, '9223372036854775807', 51]);
    expect(indexesOf(planNodes)).toContain('IDX_messages_room_change');
    expect(seqScans(planNodes)).not.toContain('messages');
  });

  it('room list with unread counts uses the member index and the (room_id, seq) index', async () => {
    const planNodes = await plan(MY_ROOMS_SQL, [userId]);
    expect(indexesOf(planNodes)).toEqual(
      expect.arrayContaining(['IDX_room_members_user', 'UQ_messages_room_seq']),
    );
    expect(seqScans(planNodes)).toEqual([]);
  });

  it('public discovery by name prefix uses IDX_rooms_discovery', async () => {
    const planNodes = await plan(PUBLIC_ROOMS_SQL, [
      `${tag} 1%`,
      '',
      '00000000-0000-0000-0000-000000000000',
      50,
    ]);
    expect(indexesOf(planNodes)).toContain('IDX_rooms_discovery');
    expect(seqScans(planNodes)).toEqual([]);
  });

  it('the /chats backlog reads the room backwards on UQ_messages_room_seq', async () => {
    const planNodes = await plan(FLASH_BACKLOG_SQL, [roomId, userId, 500]);
    expect(indexesOf(planNodes)).toContain('UQ_messages_room_seq');
    expect(seqScans(planNodes)).not.toContain('messages');
  });
});
