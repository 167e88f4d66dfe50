// Two instances sharing one PostgreSQL, for each fan-out engine (API.md §3, §4.4, §6): cross-instance
// room and DM delivery exactly once per connection and in seq order, revocation closing sockets on the
// other instance within 2 s, and (Redis) a client recovering with `resume` what an outage kept from it.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { chatClient, resumeRoom } from './helpers/chat.js';
import type { TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { waitFor } from './helpers/free-port.js';
import { describeFanoutModes, startCluster, type InstanceCluster } from './helpers/instances.js';
import type { Frame, TestSocket } from './helpers/ws-client.js';

const describeFanout = await describeFanoutModes();

interface MessageData {
  room_id: string;
  seq: number;
  client_id: string | null;
  body: string;
}

for (const mode of ['redis', 'postgres'] as const) {
  describeFanout[mode](`two instances, FANOUT=${mode}`, () => {
    let cluster: InstanceCluster;
    let a: TestApp;
    let b: TestApp;
    let alice: FlashUser;
    let bob: FlashUser;
    let roomId: string;

    const open = (app: TestApp, path: string, user: FlashUser): Promise<TestSocket> =>
      cluster.open(app, path, user);

    beforeAll(async () => {
      cluster = await startCluster(mode);
      a = await cluster.start();
      b = await cluster.start();
      alice = await registerFlashUser(a.url);
      bob = await registerFlashUser(b.url);
      const rest = chatClient(a.url);
      roomId = await rest.createRoom(alice.token, { name: `scale ${mode}` });
      await rest.addMember(roomId, alice.token, bob.username);
    }, 120_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('delivers room messages from both instances to every connection once, in seq order', async () => {
      const onA = await open(a, '/ws', alice);
      const onB = await open(b, '/ws', bob);
      const perSender = 15;
      for (let i = 0; i < perSender; i += 1) {
        onA.emit('message.send', { room_id: roomId, body: `from a ${i}`, client_id: `a-${mode}-${i}` });
        onB.emit('message.send', { room_id: roomId, body: `from b ${i}`, client_id: `b-${mode}-${i}` });
      }
      const isRoomMessage = (frame: unknown): boolean =>
        (frame as Frame).event === 'message' && ((frame as Frame).data as MessageData).room_id === roomId;
      const [seenOnA, seenOnB] = await Promise.all(
        [onA, onB].map((socket) => socket.waitFor(isRoomMessage, 2 * perSender, 15_000)),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const [socket, seen] of [
        [onA, seenOnA],
        [onB, seenOnB],
      ] as const) {
        const seqs = socket.frames
          .filter(isRoomMessage)
          .map((frame) => ((frame as Frame).data as MessageData).seq);
        expect(seqs).toHaveLength(2 * perSender);
        expect(new Set(seqs).size).toBe(seqs.length);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
        expect(seen).toHaveLength(2 * perSender);
      }
      const clientIds = seenOnB.map((frame) => ((frame as Frame).data as MessageData).client_id);
      expect(clientIds).toEqual(expect.arrayContaining([`a-${mode}-0`, `b-${mode}-${perSender - 1}`]));
    }, 60_000);

    it('delivers a flash DM to the peer connected to the other instance', async () => {
      const bobListens = await open(b, `/chats/${alice.username}`, bob);
      const aliceTalks = await open(a, `/chats/${bob.username}`, alice);
      aliceTalks.sendRaw(`hello across instances (${mode})`);
      const frame = await bobListens.nextMatching(
        (candidate) => (candidate as { body?: string }).body === `hello across instances (${mode})`,
        10_000,
        'the DM',
      );
      expect(frame).toEqual({
        from: alice.username,
        body: `hello across instances (${mode})`,
        sent_at: expect.any(Number),
      });
    }, 30_000);

    if (mode === 'redis')
      it('lets a client on the other instance resume what Redis did not carry while it was down', async () => {
        if (!cluster?.redis) return;
        const redis = cluster.redis;
        const onA = await open(a, '/ws', alice);
        const onB = await open(b, '/ws', bob);
        const isRoomMessage = (frame: unknown): boolean =>
          (frame as Frame).event === 'message' && ((frame as Frame).data as MessageData).room_id === roomId;
        onA.emit('message.send', { room_id: roomId, body: 'before the outage', client_id: 'outage-0' });
        const [seen] = await onB.waitFor(isRoomMessage, 1, 10_000);
        const lastSeen = ((seen as Frame).data as MessageData).seq;

        const ready = async (app: TestApp): Promise<number> =>
          (await request(app.url).get('/health/ready')).status;
        await redis.stop();
        await waitFor(
          async () => (await ready(a)) === 503 && (await ready(b)) === 503,
          15_000,
          'both instances to see Redis down',
        );
        const missed: number[] = [];
        for (let i = 1; i <= 5; i += 1) {
          onA.emit('message.send', {
            room_id: roomId,
            body: `during the outage ${i}`,
            client_id: `outage-${i}`,
          });
          const ack = await onA.nextMatching(
            (frame) =>
              (frame as Frame).event === 'message.ack' &&
              ((frame as Frame).data as MessageData).client_id === `outage-${i}`,
            10_000,
            `the ack of outage-${i}`,
          );
          missed.push(((ack as Frame).data as MessageData).seq);
        }
        // A's own sockets keep getting them live; B's cannot.
        await onA.waitFor(isRoomMessage, 6, 10_000);
        await redis.start();
        await waitFor(
          async () => (await ready(a)) === 200 && (await ready(b)) === 200,
          30_000,
          'both instances to reconnect',
        );
        expect(onB.frames.filter(isRoomMessage)).toHaveLength(1);

        const { replayed, done } = await resumeRoom(onB, roomId, lastSeen);
        expect(done.data).toMatchObject({ truncated_rooms: [], gone_rooms: [] });
        expect(replayed.map((message) => [message.seq, message.client_id])).toEqual(
          missed.map((seq, index) => [seq, `outage-${index + 1}`]),
        );
        expect(missed).toEqual([1, 2, 3, 4, 5].map((n) => lastSeen + n));

        // And live delivery across instances works again.
        onA.emit('message.send', { room_id: roomId, body: 'after the outage', client_id: 'outage-6' });
        const [, , , , , , after] = (await onB.waitFor(isRoomMessage, 7, 10_000)) as Frame[];
        expect((after.data as MessageData).client_id).toBe('outage-6');
      }, 90_000);

    it('closes a revoked session’s socket on the other instance within 2 s', async () => {
      const victim = await registerFlashUser(a.url);
      const socket = await open(b, '/ws', victim);
      const revokedAt = Date.now();
      await request(a.url).post('/session/logout').set('Authorization', `Bearer ${victim.token}`).expect(200);
      const closed = await socket.closedWithin(5000);
      expect(closed.code).toBe(4001);
      expect(Date.now() - revokedAt).toBeLessThan(2000);
    }, 30_000);
  });
}
