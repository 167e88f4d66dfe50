// Read queries that build RoomViews: a user's rooms by activity, public discovery, one room's details.
// The SQL is exported so test/chat-indexes.e2e-spec.ts explains exactly what runs.
import type { EntityManager } from 'typeorm';
import type { RoomView } from './dto/room.response.js';
import type { RoomRole } from './entities/room-member.entity.js';
import type { RoomKind, RoomVisibility } from './entities/room.entity.js';
import { messagesAt } from './message-queries.js';

// $1 is the viewer. Unread = after the marker, sent by others, not deleted: a range on (room_id, seq).
const VIEW_COLUMNS = `r.id, r.kind, r.visibility, r.name, r.topic, r.created_at, r.last_seq,
  m.role, m.last_read_seq,
  (SELECT count(*)::int FROM room_members c WHERE c.room_id = r.id) AS member_count,
  (SELECT count(*)::int FROM messages x
     WHERE x.room_id = r.id AND x.seq > m.last_read_seq AND x.sender_id <> $1 AND x.deleted_at IS NULL)
    AS unread_count`;

/** The viewer's rooms, most recent activity first. */
export const MY_ROOMS_SQL = `SELECT ${VIEW_COLUMNS}
  FROM room_members m JOIN rooms r ON r.id = m.room_id
  WHERE m.user_id = $1
  ORDER BY r.last_activity_at DESC, r.id`;

const ROOMS_BY_ID_SQL = `SELECT ${VIEW_COLUMNS}
  FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $1
  WHERE r.id = ANY($2::uuid[])`;

/** Public rooms whose lowercased name starts with $1 (a LIKE pattern), after the ($2, $3) keyset cursor. */
export const PUBLIC_ROOMS_SQL = `SELECT r.id FROM rooms r
  WHERE r.visibility = 'public' AND r.name_key LIKE $1 AND (r.name_key, r.id) > ($2, $3::uuid)
  ORDER BY r.name_key, r.id
  LIMIT $4`;

interface RoomViewRow {
  id: string;
  kind: RoomKind;
  visibility: RoomVisibility;
  name: string | null;
  topic: string | null;
  created_at: Date;
  last_seq: number;
  role: RoomRole | null;
  last_read_seq: number | null;
  member_count: number;
  unread_count: number | null;
}

async function withLastMessages(db: EntityManager, rows: RoomViewRow[]): Promise<RoomView[]> {
  const keys = rows
    .filter((r) => r.role !== null && r.last_seq > 0)
    .map((r) => ({ roomId: r.id, seq: r.last_seq }));
  const lastMessages = new Map((await messagesAt(db, keys)).map((m) => [m.roomId, m]));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    visibility: row.visibility,
    name: row.name,
    topic: row.topic,
    createdAt: row.created_at,
    lastSeq: row.last_seq,
    memberCount: row.member_count,
    role: row.role,
    lastReadSeq: row.role === null ? null : row.last_read_seq,
    unreadCount: row.role === null ? null : row.unread_count,
    lastMessage: row.role === null ? null : (lastMessages.get(row.id) ?? null),
  }));
}

export async function myRooms(db: EntityManager, userId: string): Promise<RoomView[]> {
  return withLastMessages(db, await db.query<RoomViewRow[]>(MY_ROOMS_SQL, [userId]));
}

/** Views of the given rooms for one viewer, in the order of `roomIds`; unknown ids are left out. */
export async function roomsById(db: EntityManager, viewerId: string, roomIds: string[]): Promise<RoomView[]> {
  if (roomIds.length === 0) return [];
  const rows = await db.query<RoomViewRow[]>(ROOMS_BY_ID_SQL, [viewerId, roomIds]);
  const views = new Map((await withLastMessages(db, rows)).map((v) => [v.id, v]));
  return roomIds.flatMap((id) => views.get(id) ?? []);
}

export async function roomById(
  db: EntityManager,
  viewerId: string,
  roomId: string,
): Promise<RoomView | null> {
  return (await roomsById(db, viewerId, [roomId]))[0] ?? null;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Ids of public rooms by name prefix, ordered by (lowercased name, id). */
export async function publicRoomIds(
  db: EntityManager,
  query: { prefix: string; after: { nameKey: string; id: string } | null; limit: number },
): Promise<string[]> {
  const after = query.after ?? { nameKey: '', id: '00000000-0000-0000-0000-000000000000' };
  const rows = await db.query<{ id: string }[]>(PUBLIC_ROOMS_SQL, [
    `${escapeLike(query.prefix.toLowerCase())}%`,
    after.nameKey,
    after.id,
    query.limit,
  ]);
  return rows.map((r) => r.id);
}
