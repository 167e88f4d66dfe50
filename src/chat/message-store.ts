// Durable writes of new messages. A whole batch is stored by ONE statement (atomic on its own, so no
// BEGIN/COMMIT round trips): it bumps rooms.last_seq by the batch's count per room (the row lock
// serialises writers per room), numbers the rows from the old value, inserts them and returns them
// with their senders' names. Seq is therefore gapless and assigned in the statement that stores the
// message; if the statement fails nothing of it, seq bump included, is kept.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource } from 'typeorm';
import { blockedSends, senderBlockedInRoom } from './block-queries.js';
import { BlockedError, NotAMemberError } from './chat.errors.js';
import type { MessageView } from './dto/message.response.js';
import { messagesByClientIds, toMessageView, type MessageRow } from './message-queries.js';

export interface NewMessage {
  roomId: string;
  senderId: string;
  body: string;
  clientId: string | null;
  /** The connection that sent it, if any (not stored): the flash protocol sends that one no echo. */
  origin?: string;
}

export interface SendOutcome {
  message: MessageView;
  /** False for an idempotent replay: the first message with this client_id. */
  created: boolean;
}

/** A message a commit created, with the connection it came from. */
export interface CommittedMessage extends SendOutcome {
  origin?: string;
}

export type BatchResult = SendOutcome | Error;

/** What the group commit needs from storage; a fake implements it in unit specs. */
export interface MessageWriter {
  /** Stores the batch in one transaction; results in input order. Throws if the transaction fails. */
  writeBatch(items: NewMessage[]): Promise<BatchResult[]>;
}

const CLIENT_ID_CONSTRAINT = 'UQ_messages_room_sender_client';

export function isDuplicateClientId(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' && driver.constraint === CLIENT_ID_CONSTRAINT;
}

function idempotencyKey(item: NewMessage): string | null {
  return item.clientId === null ? null : `${item.roomId}|${item.senderId}|${item.clientId}`;
}

/**
 * Check, bump, number, insert and read back in one statement; `ord` keeps queue order within a room.
 * `allowed` keeps only items whose sender is a member of the room at this statement's snapshot: the
 * membership the caller was admitted on (maybe from a cache) is re-checked where the message is stored,
 * so a member removed a moment ago (or during a fan-out outage) cannot post; nor can a sender the other
 * member of a direct room blocks (API.md §5: stored nowhere). Rows come back with the
 * `ord` of their item, so each caller gets its own row.
 */
const INSERT_BATCH_SQL = `
WITH items AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::varchar[], $5::int[])
    AS i(room_id, sender_id, body, client_id, ord)
), allowed AS (
  SELECT i.* FROM items i
  JOIN room_members rm ON rm.room_id = i.room_id AND rm.user_id = i.sender_id
  WHERE NOT ${senderBlockedInRoom('i.room_id', 'i.sender_id')}
), counts AS (
  SELECT room_id, count(*)::int AS n FROM allowed GROUP BY room_id
), bumped AS (
  UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = now()
  FROM counts c WHERE r.id = c.room_id
  RETURNING r.id, r.last_seq - c.n AS base
), numbered AS (
  SELECT a.*, b.base + row_number() OVER (PARTITION BY a.room_id ORDER BY a.ord) AS seq
  FROM allowed a JOIN bumped b ON b.id = a.room_id
), inserted AS (
  INSERT INTO messages (room_id, seq, sender_id, body, client_id)
  SELECT room_id, seq, sender_id, body, client_id FROM numbered
  RETURNING id, room_id, seq, sender_id, body, client_id, sent_at, edited_at, deleted_at
)
SELECT m.*, n.ord, u.username AS sender_username, u.name AS sender_name
FROM inserted m
JOIN numbered n ON n.room_id = m.room_id AND n.seq = m.seq
JOIN users u ON u.id = m.sender_id`;

@Injectable()
export class MessageStore implements MessageWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async writeBatch(items: NewMessage[]): Promise<BatchResult[]> {
    const results = new Array<BatchResult | undefined>(items.length);
    // Replays of client ids already stored, and repeats of a client id inside this batch. A replay
    // racing in from another instance between this read and the insert fails the insert on the unique
    // index; the group commit then retries item by item and finds it here.
    const keyed = items.flatMap((item) => {
      const key = idempotencyKey(item);
      return key === null
        ? []
        : [{ key, roomId: item.roomId, senderId: item.senderId, clientId: item.clientId as string }];
    });
    const stored = new Map(
      (await messagesByClientIds(this.dataSource.manager, keyed)).map((m) => [
        `${m.roomId}|${m.senderId}|${m.clientId}`,
        m,
      ]),
    );
    const firstIndexOfKey = new Map<string, number>();
    const repeats: [number, number][] = [];
    const fresh: number[] = [];
    items.forEach((item, index) => {
      const key = idempotencyKey(item);
      const replay = key === null ? undefined : stored.get(key);
      if (replay) {
        results[index] = { message: replay, created: false };
      } else if (key !== null && firstIndexOfKey.has(key)) {
        repeats.push([index, firstIndexOfKey.get(key) as number]);
      } else {
        if (key !== null) firstIndexOfKey.set(key, index);
        fresh.push(index);
      }
    });

    if (fresh.length > 0) await this.insertFresh(items, fresh, results);
    for (const [index, first] of repeats) {
      const original = results[first];
      results[index] =
        original instanceof Error || original === undefined
          ? original
          : { message: original.message, created: false };
    }
    return results.map((r) => r ?? new Error('message was not written'));
  }

  private async insertFresh(
    items: NewMessage[],
    fresh: number[],
    results: (BatchResult | undefined)[],
  ): Promise<void> {
    const rows = await this.dataSource.query<(MessageRow & { ord: number | string })[]>(INSERT_BATCH_SQL, [
      fresh.map((i) => items[i].roomId),
      fresh.map((i) => items[i].senderId),
      fresh.map((i) => items[i].body),
      fresh.map((i) => items[i].clientId),
      fresh.map((_, ord) => ord),
    ]);
    const byOrd = new Map(rows.map((row) => [Number(row.ord), row]));
    const refused = fresh.filter((_, ord) => !byOrd.has(ord));
    const blocked = await blockedSends(
      this.dataSource.manager,
      refused.map((index) => items[index]),
    );
    fresh.forEach((index, ord) => {
      const row = byOrd.get(ord);
      if (row) results[index] = { created: true, message: toMessageView(row) };
      // Not stored: a block, or the sender is no longer a member (removed, left, or the room is gone) —
      // a race with the membership check the caller passed before the send was queued.
      else results[index] = blocked.has(refused.indexOf(index)) ? new BlockedError() : new NotAMemberError();
    });
  }
}
