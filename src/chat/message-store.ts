// Durable writes of new messages. One call stores a whole batch in one transaction: seqs are taken by
// incrementing rooms.last_seq (the row lock serialises writers per room), so seq is gapless and
// assigned in the same transaction that stores the message.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { RoomNotFoundError } from './chat.errors.js';
import type { MessageView } from './dto/message.response.js';
import { messagesByClientIds } from './message-queries.js';

export interface NewMessage {
  roomId: string;
  senderId: string;
  body: string;
  clientId: string | null;
}

export interface SendOutcome {
  message: MessageView;
  /** False for an idempotent replay: the first message with this client_id. */
  created: boolean;
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

@Injectable()
export class MessageStore implements MessageWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  writeBatch(items: NewMessage[]): Promise<BatchResult[]> {
    return this.dataSource.transaction((em) => this.write(em, items));
  }

  private async write(em: EntityManager, items: NewMessage[]): Promise<BatchResult[]> {
    const results: (BatchResult | undefined)[] = new Array<BatchResult | undefined>(items.length);
    // Replays of client ids already stored, and repeats of a client id inside this batch.
    const keyed = items.flatMap((item) => {
      const key = idempotencyKey(item);
      return key === null
        ? []
        : [{ key, roomId: item.roomId, senderId: item.senderId, clientId: item.clientId as string }];
    });
    const stored = new Map(
      (await messagesByClientIds(em, keyed)).map((m) => [`${m.roomId}|${m.senderId}|${m.clientId}`, m]),
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

    if (fresh.length > 0) await this.insertFresh(em, items, fresh, results);
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
    em: EntityManager,
    items: NewMessage[],
    fresh: number[],
    results: (BatchResult | undefined)[],
  ): Promise<void> {
    const perRoom = new Map<string, number>();
    for (const index of fresh) perRoom.set(items[index].roomId, (perRoom.get(items[index].roomId) ?? 0) + 1);
    const roomIds = [...perRoom.keys()].sort();
    const bumped = await em.query<[{ id: string; last_seq: number }[], number]>(
      `UPDATE rooms r SET last_seq = r.last_seq + v.n, last_activity_at = now()
       FROM unnest($1::uuid[], $2::int[]) AS v(id, n)
       WHERE r.id = v.id
       RETURNING r.id, r.last_seq`,
      [roomIds, roomIds.map((id) => perRoom.get(id))],
    );
    // Next seq to hand out per room, in queue order.
    const nextSeq = new Map(bumped[0].map((r) => [r.id, r.last_seq - (perRoom.get(r.id) as number) + 1]));

    const rows: { index: number; seq: number }[] = [];
    for (const index of fresh) {
      const seq = nextSeq.get(items[index].roomId);
      if (seq === undefined) {
        results[index] = new RoomNotFoundError();
        continue;
      }
      nextSeq.set(items[index].roomId, seq + 1);
      rows.push({ index, seq });
    }
    if (rows.length === 0) return;

    const inserted = await em.query<{ id: string; room_id: string; seq: number; sent_at: Date }[]>(
      `INSERT INTO messages (room_id, seq, sender_id, body, client_id)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::varchar[])
       RETURNING id, room_id, seq, sent_at`,
      [
        rows.map((r) => items[r.index].roomId),
        rows.map((r) => r.seq),
        rows.map((r) => items[r.index].senderId),
        rows.map((r) => items[r.index].body),
        rows.map((r) => items[r.index].clientId),
      ],
    );
    const byRoomSeq = new Map(inserted.map((m) => [`${m.room_id}|${m.seq}`, m]));

    const senderIds = [...new Set(rows.map((r) => items[r.index].senderId))];
    const senders = new Map(
      (
        await em.query<
          {
            id: string;
            username: string;
            name: string;
          }[]
        >('SELECT id, username, name FROM users WHERE id = ANY($1::uuid[])', [senderIds])
      ).map((u) => [u.id, u]),
    );

    for (const { index, seq } of rows) {
      const item = items[index];
      const row = byRoomSeq.get(`${item.roomId}|${seq}`);
      const sender = senders.get(item.senderId);
      if (!row || !sender) {
        results[index] = new Error('inserted message not returned');
        continue;
      }
      results[index] = {
        created: true,
        message: {
          id: row.id,
          roomId: item.roomId,
          seq,
          senderId: item.senderId,
          senderUsername: sender.username,
          senderName: sender.name,
          body: item.body,
          clientId: item.clientId,
          sentAt: row.sent_at,
          editedAt: null,
          deletedAt: null,
        },
      };
    }
  }
}
