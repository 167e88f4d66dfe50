// Queries over user_blocks (API.md §5 Blocking). The rule "the other member of a direct room blocks the
// sender" is one SQL predicate, used where a message is stored (so a blocked send is stored nowhere, on
// every instance, with no cache to go stale) and to tell a refused send from a lost membership race.
import type { EntityManager } from 'typeorm';
import type { BlockRow } from './dto/block.response.js';

/**
 * True when `room` is a direct room whose other member blocks `sender` (both SQL expressions). An
 * index lookup on IDX_user_blocks_blocked: nothing to read for a sender nobody blocks.
 */
export function senderBlockedInRoom(room: string, sender: string): string {
  return `EXISTS (
    SELECT 1 FROM user_blocks b
    JOIN room_members peer ON peer.room_id = ${room} AND peer.user_id = b.blocker_id
    JOIN rooms r ON r.id = ${room} AND r.kind = 'direct'
    WHERE b.blocked_id = ${sender})`;
}

/** Of the given (room, sender) pairs, the indexes of those refused by a block. */
export async function blockedSends(
  db: EntityManager,
  sends: { roomId: string; senderId: string }[],
): Promise<Set<number>> {
  if (sends.length === 0) return new Set();
  const rows = await db.query<{ ord: number | string }[]>(
    `SELECT s.ord FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS s(room_id, sender_id, ord)
     WHERE ${senderBlockedInRoom('s.room_id', 's.sender_id')}`,
    [sends.map((s) => s.roomId), sends.map((s) => s.senderId), sends.map((_, i) => i)],
  );
  return new Set(rows.map((row) => Number(row.ord)));
}

/**
 * True when `senderId`'s notices in `roomId` (typing, read) must not reach the room: it is a direct
 * room whose other member blocks them (API.md §5: "A receives nothing from B").
 */
export async function silencedIn(db: EntityManager, roomId: string, senderId: string): Promise<boolean> {
  const rows = await db.query<{ silenced: boolean }[]>(
    `SELECT ${senderBlockedInRoom('$1::uuid', '$2::uuid')} AS silenced`,
    [roomId, senderId],
  );
  return rows[0]?.silenced === true;
}

export async function isBlockedBy(db: EntityManager, blockerId: string, blockedId: string): Promise<boolean> {
  const rows = await db.query<unknown[]>(
    'SELECT 1 FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2',
    [blockerId, blockedId],
  );
  return rows.length > 0;
}

/** The users `blockerId` blocks, most recently blocked first. */
export async function blocksOf(db: EntityManager, blockerId: string): Promise<BlockRow[]> {
  return db.query<BlockRow[]>(
    `SELECT u.username, u.name, b.blocked_at FROM user_blocks b JOIN users u ON u.id = b.blocked_id
     WHERE b.blocker_id = $1 ORDER BY b.blocked_at DESC, u.username`,
    [blockerId],
  );
}
