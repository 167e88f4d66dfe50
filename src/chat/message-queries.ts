// Read queries over messages. Every one is a range scan on UQ_messages_room_seq (room_id, seq);
// test/chat-indexes.e2e-spec.ts checks the plans. The SQL is exported so that test explains exactly this.
import type { EntityManager } from 'typeorm';
import type { MessageView } from './dto/message.response.js';
import { MESSAGE_WAS_CHANGED } from './entities/message.entity.js';
import type { HistoryCursor } from './history-cursor.js';
import type { ChangePosition } from './sync-cursor.js';

export const MESSAGE_COLUMNS = `m.id, m.room_id, m.seq, m.sender_id, m.body, m.client_id, m.sent_at, m.edited_at,
  m.deleted_at, u.username AS sender_username, u.name AS sender_name`;

const FROM_MESSAGES = `FROM messages m JOIN users u ON u.id = m.sender_id`;

export const HISTORY_SQL = {
  newest: `SELECT ${MESSAGE_COLUMNS} ${FROM_MESSAGES} WHERE m.room_id = $1 ORDER BY m.seq DESC LIMIT $2`,
  before: `SELECT ${MESSAGE_COLUMNS} ${FROM_MESSAGES} WHERE m.room_id = $1 AND m.seq < $3 ORDER BY m.seq DESC LIMIT $2`,
  after: `SELECT ${MESSAGE_COLUMNS} ${FROM_MESSAGES} WHERE m.room_id = $1 AND m.seq > $3 ORDER BY m.seq ASC LIMIT $2`,
} as const;

/**
 * Changes of one room in the change-position window ($2, $3], in change order; `$5` bounds the rows.
 * - `resumeEdits`: rows at or below seq $4 edited or deleted in the window (IDX_messages_room_edits:
 *   inserts are not in that index, so new messages since the cursor cost nothing here);
 * - `changedSince`: every change in the window, new messages included (IDX_messages_room_change).
 */
export const CHANGES_SQL = {
  resumeEdits: `SELECT ${MESSAGE_COLUMNS}, m.change_seq::text AS change_seq ${FROM_MESSAGES}
    WHERE m.room_id = $1 AND m.change_seq > $2 AND m.change_seq <= $3 AND m.seq <= $4
      AND (${MESSAGE_WAS_CHANGED})
    ORDER BY m.change_seq LIMIT $5`,
  changedSince: `SELECT ${MESSAGE_COLUMNS}, m.change_seq::text AS change_seq ${FROM_MESSAGES}
    WHERE m.room_id = $1 AND m.change_seq > $2 AND m.change_seq <= $3
    ORDER BY m.change_seq LIMIT $4`,
} as const;

/**
 * `/chats/:peer` offline delivery (API.md §2): what the other member of the direct room sent after the
 * reader's marker, not deleted, newest first (the caller keeps the newest `$3` and sends them oldest first).
 * $1 room, $2 reader, $3 limit.
 */
export const FLASH_BACKLOG_SQL = `SELECT ${MESSAGE_COLUMNS} ${FROM_MESSAGES}
  JOIN room_members r ON r.room_id = m.room_id AND r.user_id = $2
  WHERE m.room_id = $1 AND m.seq > r.last_read_seq AND m.sender_id <> $2 AND m.deleted_at IS NULL
  ORDER BY m.seq DESC LIMIT $3`;

export interface MessageRow {
  id: string;
  room_id: string;
  seq: number;
  sender_id: string;
  body: string | null;
  client_id: string | null;
  sent_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  sender_username: string;
  sender_name: string;
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    roomId: row.room_id,
    seq: Number(row.seq),
    senderId: row.sender_id,
    senderUsername: row.sender_username,
    senderName: row.sender_name,
    body: row.body,
    clientId: row.client_id,
    sentAt: row.sent_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
  };
}

export async function historyPage(
  db: EntityManager,
  roomId: string,
  cursor: HistoryCursor,
): Promise<MessageView[]> {
  const params: unknown[] = [roomId, cursor.limit];
  if (cursor.direction !== 'newest') params.push(cursor.seq);
  const rows = await db.query<MessageRow[]>(HISTORY_SQL[cursor.direction], params);
  return rows.map(toMessageView);
}

export interface ChangedMessage {
  message: MessageView;
  position: ChangePosition;
}

/** A window of change positions (after, upTo] in one room. */
export interface ChangeWindow {
  roomId: string;
  after: ChangePosition;
  upTo: ChangePosition;
  limit: number;
}

export async function changedMessages(
  db: EntityManager,
  window: ChangeWindow & { atOrBelowSeq?: number },
): Promise<ChangedMessage[]> {
  const base = [window.roomId, window.after.toString(), window.upTo.toString()];
  const rows = await db.query<(MessageRow & { change_seq: string })[]>(
    window.atOrBelowSeq === undefined ? CHANGES_SQL.changedSince : CHANGES_SQL.resumeEdits,
    window.atOrBelowSeq === undefined
      ? [...base, window.limit]
      : [...base, window.atOrBelowSeq, window.limit],
  );
  return rows.map((row) => ({ message: toMessageView(row), position: BigInt(row.change_seq) }));
}

/** The flash backlog of `readerId` in a direct room, oldest first. */
export async function flashBacklog(
  db: EntityManager,
  roomId: string,
  readerId: string,
  limit: number,
): Promise<MessageView[]> {
  const rows = await db.query<MessageRow[]>(FLASH_BACKLOG_SQL, [roomId, readerId, limit]);
  return rows.reverse().map(toMessageView);
}

/** `lock`: hold the message's row FOR UPDATE until the caller's transaction (`db`) ends. */
export async function messageById(db: EntityManager, id: string, lock = false): Promise<MessageView | null> {
  const rows = await db.query<MessageRow[]>(
    `SELECT ${MESSAGE_COLUMNS} ${FROM_MESSAGES} WHERE m.id = $1${lock ? ' FOR UPDATE OF m' : ''}`,
    [id],
  );
  return rows[0] ? toMessageView(rows[0]) : null;
}

/** The messages at the given (room, seq) pairs: each room's newest for room lists. */
export async function messagesAt(
  db: EntityManager,
  keys: { roomId: string; seq: number }[],
): Promise<MessageView[]> {
  if (keys.length === 0) return [];
  const rows = await db.query<MessageRow[]>(
    `SELECT ${MESSAGE_COLUMNS}
     FROM unnest($1::uuid[], $2::int[]) AS k(room_id, seq)
     JOIN messages m ON m.room_id = k.room_id AND m.seq = k.seq
     JOIN users u ON u.id = m.sender_id`,
    [keys.map((k) => k.roomId), keys.map((k) => k.seq)],
  );
  return rows.map(toMessageView);
}

/** Messages by client id for one sender, to answer idempotent replays. */
export async function messagesByClientIds(
  db: EntityManager,
  keys: { roomId: string; senderId: string; clientId: string }[],
): Promise<MessageView[]> {
  if (keys.length === 0) return [];
  const rows = await db.query<MessageRow[]>(
    `SELECT ${MESSAGE_COLUMNS}
     FROM unnest($1::uuid[], $2::uuid[], $3::varchar[]) AS k(room_id, sender_id, client_id)
     JOIN messages m ON m.room_id = k.room_id AND m.sender_id = k.sender_id AND m.client_id = k.client_id
     JOIN users u ON u.id = m.sender_id`,
    [keys.map((k) => k.roomId), keys.map((k) => k.senderId), keys.map((k) => k.clientId)],
  );
  return rows.map(toMessageView);
}
