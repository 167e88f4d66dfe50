import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { JsonLogger } from '../common/logging/json-logger.js';
import type { ConnectionRegistry } from '../realtime/connection-registry.js';
import type { RealtimeConnection } from '../realtime/connection.js';
import type { DeliveredReads } from './delivered-reads.js';
import type { MessageResponse } from './dto/message.response.js';
import { FlashDelivery, flashFrame } from './flash-delivery.js';
import type { MessageRow } from './message-queries.js';
import type { ReadMarkerService } from './read-marker.service.js';

const ROOM = 'room-1';
const ME = { userId: 'me-id', username: 'me' };

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function row(seq: number, from = 'peer', room = ROOM): MessageRow {
  return {
    id: `${room}#${seq}`,
    room_id: room,
    seq,
    sender_id: `${from}-id`,
    body: `${from} ${seq}`,
    client_id: null,
    sent_at: new Date(1_700_000_000_000),
    edited_at: null,
    deleted_at: null,
    sender_username: from,
    sender_name: from,
  };
}

function message(seq: number, from = 'peer', room = ROOM): MessageResponse {
  const r = row(seq, from, room);
  return {
    id: r.id,
    room_id: room,
    seq,
    client_id: null,
    from: { username: from, name: from },
    body: r.body,
    sent_at: r.sent_at.toISOString(),
    edited_at: null,
    deleted: false,
  };
}

/** FlashDelivery over fakes: the backlog query and the marker move settle when the test says so. */
function setup() {
  const backlog = deferred<MessageRow[]>();
  const marked = deferred<number>();
  const sent: string[] = [];
  const markCalls: number[] = [];
  const delivered: number[] = [];
  const closed: number[] = [];
  const dataSource = { manager: { query: () => backlog.promise } } as unknown as DataSource;
  const registry = {
    send: (_: RealtimeConnection, frame: string) => (sent.push(frame), true),
    close: (_: RealtimeConnection, code: number) => closed.push(code),
  } as unknown as ConnectionRegistry;
  const readMarkers = {
    markRead: (_: unknown, __: string, seq: number) => (markCalls.push(seq), marked.promise),
  } as unknown as ReadMarkerService;
  const reads = {
    delivered: (_: unknown, __: string, seq: number) => delivered.push(seq),
  } as unknown as DeliveredReads;
  const logger = { errorEvent: () => undefined } as unknown as JsonLogger;
  const flash = new FlashDelivery(dataSource, registry, readMarkers, reads, logger);
  const connection = { id: 'c1', userId: ME.userId, user: ME, isOpen: true } as unknown as RealtimeConnection;
  const live = (m: MessageResponse): void => flash.deliver(connection, m, flashFrame(m));
  const bodies = (): string[] => sent.map((frame) => (JSON.parse(frame) as { body: string }).body);
  return { flash, connection, backlog, marked, bodies, markCalls, delivered, closed, live };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FlashDelivery', () => {
  it('holds live frames while the backlog is read, then sends backlog and held ones in seq order, once each', async () => {
    const t = setup();
    t.live(message(2)); // committed before the backlog read: also in it
    const opened = t.flash.open(t.connection, ROOM);
    t.live(message(3, 'me')); // my own, from another device
    await tick();
    t.backlog.resolve([row(2), row(1)]); // the query reads newest first
    await tick();
    t.live(message(4)); // committed after the backlog read, arrives while the marker moves
    expect(t.bodies()).toEqual([]);
    expect(t.markCalls).toEqual([2]);
    t.marked.resolve(2);
    await opened;
    expect(t.bodies()).toEqual(['peer 1', 'peer 2', 'me 3', 'peer 4']);
    // The backlog's marker moved before the frames went out; a held frame of the peer moves it further.
    expect(t.delivered).toEqual([4]);
  });

  it('drops a late live copy of a backlog message after the switch, and sends what follows', async () => {
    const t = setup();
    const opened = t.flash.open(t.connection, ROOM);
    t.backlog.resolve([row(5)]);
    t.marked.resolve(5);
    await opened;
    t.live(message(5));
    t.live(message(6));
    t.live(message(5)); // cannot happen in order, but once past the backlog nothing is dropped by id
    expect(t.bodies()).toEqual(['peer 5', 'peer 6', 'peer 5']);
    expect(t.delivered).toEqual([6, 5]);
  });

  it('keeps other rooms’ frames in their arrival order after the backlog’s room', async () => {
    const t = setup();
    const opened = t.flash.open(t.connection, ROOM);
    t.live(message(9, 'other', 'room-2'));
    t.live(message(10, 'other', 'room-2'));
    t.backlog.resolve([]);
    await opened;
    expect(t.markCalls).toEqual([]);
    expect(t.bodies()).toEqual(['other 9', 'other 10']);
  });

  it('closes the connection with 1011 and sends nothing when the backlog cannot be read', async () => {
    const t = setup();
    const opened = t.flash.open(t.connection, ROOM);
    t.live(message(1));
    t.backlog.reject(new Error('database down'));
    await opened;
    expect(t.closed).toEqual([1011]);
    expect(t.bodies()).toEqual([]);
  });
});
