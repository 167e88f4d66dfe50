// A real server process killed (kill -9) and restarted on the same port and data in the middle of 200
// sends through @p-chat/client: the outbox re-sends what was not acknowledged, resume fetches what was
// missed, and every member gets every message exactly once, in send order — none lost, none doubled.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MessageAck, RealtimeConnection } from '../../client/src/index.js';
import { waitFor } from '../helpers/free-port.js';
import { ensureBuilt, killHard, startServer, type ServerProcess } from '../helpers/server-process.js';
import { flashUser, Inbox, range, seqsOf } from './sdk-clients.js';

const SENDS = 200;
const KILL_AFTER_ACKS = 60;
const BACKOFF = { initialMs: 200, maxMs: 1000, minMs: 50 };

describe('@p-chat/client across a server restart', () => {
  let server: ServerProcess;
  let dataDir: string;
  const connections: RealtimeConnection[] = [];

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    dataDir = server.dataDir;
  }, 240_000);

  afterAll(async () => {
    for (const connection of connections) connection.close();
    await killHard(server);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it(`kill -9 and restart during ${SENDS} sends: each delivered once, in order, none lost`, async () => {
    const alice = await flashUser(server.url);
    const bob = await flashUser(server.url);
    const room = await alice.client.rooms.create({ name: 'restart' });
    await alice.client.rooms.addMember(room.id, bob.username);
    const sender = new Inbox(alice.client.connect({ backoff: BACKOFF }));
    const reader = new Inbox(bob.client.connect({ backoff: BACKOFF }));
    connections.push(sender.connection, reader.connection);
    await Promise.all([sender.untilOpen(), reader.untilOpen()]);

    let acked = 0;
    const acks: Promise<MessageAck>[] = range(1, SENDS).map((n) =>
      sender.connection.send(room.id, `m${n}`).then((ack) => {
        acked += 1;
        return ack;
      }),
    );
    await waitFor(() => acked >= KILL_AFTER_ACKS, 30_000, `${KILL_AFTER_ACKS} acks`);
    await killHard(server);
    const ackedBeforeKill = acked;
    server = await startServer({ dataDir, port: server.port });

    const all = await Promise.all(acks);
    expect(ackedBeforeKill).toBeLessThan(SENDS);
    expect(all.map((ack) => ack.seq)).toEqual(range(1, SENDS));

    const expected = range(1, SENDS).map((n) => `m${n}`);
    for (const inbox of [reader, sender]) {
      const received = await inbox.untilInRoom(room.id, SENDS, 30_000);
      expect(seqsOf(received)).toEqual(range(1, SENDS));
      expect(received.map((message) => message.body)).toEqual(expected);
      expect(inbox.closes.some((close) => close.willReconnect)).toBe(true);
    }
    const stored = [
      ...(await bob.client.rooms.history(room.id, { after: 0, limit: 200 })),
      ...(await bob.client.rooms.history(room.id, { after: 200, limit: 200 })),
    ];
    expect(stored.map((message) => message.body)).toEqual(expected);
  }, 180_000);
});
