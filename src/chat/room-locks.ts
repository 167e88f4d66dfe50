// Row-level reads that membership changes make inside their transaction (RoomMembersService,
// RoomBansService): one room's membership changes are serialised on its rooms row.
import type { EntityManager } from 'typeorm';
import type { RoomRole } from './entities/room-member.entity.js';

/** Serialises membership changes of one room (the owner rule needs a stable member count). */
export async function lockRoom(em: EntityManager, roomId: string): Promise<void> {
  await em.query('SELECT id FROM rooms WHERE id = $1 FOR UPDATE', [roomId]);
}

/**
 * Joining and adding wait for a ban being written (which holds the row FOR UPDATE) and then read it:
 * a ban and a join racing each other cannot leave a banned member behind.
 */
export async function lockRoomShared(em: EntityManager, roomId: string): Promise<void> {
  await em.query('SELECT id FROM rooms WHERE id = $1 FOR SHARE', [roomId]);
}

export async function roleOf(em: EntityManager, roomId: string, userId: string): Promise<RoomRole | null> {
  const rows = await em.query<{ role: RoomRole }[]>(
    'SELECT role FROM room_members WHERE room_id = $1 AND user_id = $2',
    [roomId, userId],
  );
  return rows[0]?.role ?? null;
}

export async function isBanned(em: EntityManager, roomId: string, userId: string): Promise<boolean> {
  const rows = await em.query<unknown[]>('SELECT 1 FROM room_bans WHERE room_id = $1 AND user_id = $2', [
    roomId,
    userId,
  ]);
  return rows.length > 0;
}
