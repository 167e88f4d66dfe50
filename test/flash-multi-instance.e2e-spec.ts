// The flash protocol across two instances, for each fan-out engine (API.md §2, §5): the sender's other
// devices on the other instance get its messages once (the sending connection nothing), offline delivery
// does not lose or double a message whose live copy crosses instances while the backlog is read, and a
// block made on one instance holds on the other.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { chatClient } from './helpers/chat.js';
import type { TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { describeFanoutModes, startCluster, type InstanceCluster } from './helpers/instances.js';
import {
  connect,
  expectFlashExactlyOnce,
  flashBodies,
  isFlashMessage,
  upgradeStatus,
  type Frame,
} from './helpers/ws-client.js';

const describeFanout = await describeFanoutModes();

const settle = (ms = 300): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

for (const mode of ['redis', 'postgres'] as const) {
  describeFanout[mode](`flash on two instances, FANOUT=${mode}`, () => {
    let cluster: InstanceCluster;
    let a: TestApp;
    let b: TestApp;
    let me: FlashUser;
    let peer: FlashUser;
    let roomId: string;

    beforeAll(async () => {
      // Flood control out of the way of the race loops (test/flood-budget.e2e-spec.ts covers it).
      cluster = await startCluster(mode, { WS_FLOOD_RATE: '10000', WS_FLOOD_BURST: '10000' });
      a = await cluster.start();
      b = await cluster.start();
      [me, peer] = await Promise.all([registerFlashUser(a.url), registerFlashUser(b.url)]);
      roomId = (await chatClient(a.url).post(`/dm/${peer.username}`, me.token).expect(201)).body.data.id;
    }, 120_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it("delivers to the sender's other devices on the other instance once, the sending connection nothing", async () => {
      const sending = await cluster.open(a, `/chats/${peer.username}`, me);
      const otherDevice = await cluster.open(b, `/chats/${peer.username}`, me);
      const sameInstance = await cluster.open(a, `/chats/${peer.username}`, me);
      const myWsOnB = await cluster.open(b, '/ws', me);
      const peerOnB = await cluster.open(b, `/chats/${me.username}`, peer);
      for (let i = 0; i < 5; i += 1) sending.sendRaw(`device ${i}`);
      const expected = [0, 1, 2, 3, 4].map((i) => `device ${i}`);
      for (const socket of [otherDevice, sameInstance, peerOnB]) {
        await socket.waitFor(isFlashMessage, 5, 10_000);
        expect(socket.frames.filter(isFlashMessage)[0]).toEqual({
          from: me.username,
          body: 'device 0',
          sent_at: expect.any(Number),
        });
      }
      await myWsOnB.waitFor((frame) => (frame as Frame).event === 'message', 5, 10_000);
      await settle();
      for (const socket of [otherDevice, sameInstance, peerOnB])
        expect(flashBodies(socket)).toEqual(expected);
      expect(myWsOnB.events('message').map((frame) => frame.data.body as string)).toEqual(expected);
      expect(sending.frames).toEqual([]);
      await Promise.all(
        [sending, otherDevice, sameInstance, myWsOnB, peerOnB].map((socket) => socket.close()),
      );
    }, 30_000);

    it('loses and doubles nothing when sends on one instance race a connect on the other (20 rounds)', async () => {
      const rest = chatClient(a.url);
      const myWs = await cluster.open(a, '/ws', me);
      for (let round = 0; round < 20; round += 1) {
        const bodies = Array.from({ length: 8 }, (_, i) => `${mode} r${round}-${i}`);
        const sends = rest.staggeredSends(roomId, peer.token, bodies);
        const chat = await connect(b.wsUrl, `/chats/${peer.username}`, { token: me.token });
        const sent = await sends;
        await expectFlashExactlyOnce(chat, myWs, sent, bodies, 10_000);
        await chat.close();
      }
      await myWs.close();
    }, 90_000);

    it('a block made on one instance refuses the blocked user on the other', async () => {
      const [blocker, blocked] = await Promise.all([registerFlashUser(a.url), registerFlashUser(a.url)]);
      const onB = chatClient(b.url);
      const dm = (await onB.post(`/dm/${blocker.username}`, blocked.token).expect(201)).body.data
        .id as string;
      await onB.send(dm, blocked.token, 'before the block');
      const blockedChat = await cluster.open(b, `/chats/${blocker.username}`, blocked);
      const blockerChat = await cluster.open(b, `/chats/${blocked.username}`, blocker);
      expect(await blockerChat.nextFlash()).toMatchObject({ body: 'before the block' });

      await chatClient(a.url).post(`/blocks/${blocked.username}`, blocker.token).expect(200);
      const refused = await onB.post(`/rooms/${dm}/messages`, blocked.token, { body: 'after' }).expect(403);
      expect(refused.body.error.code).toBe('BLOCKED');
      blockedChat.sendRaw('after, on /chats');
      expect(await blockedChat.nextFlash()).toEqual({
        error: { code: 'BLOCKED', message: expect.any(String) },
      });
      expect(await upgradeStatus(b.wsUrl, `/chats/${blocker.username}`, { token: blocked.token })).toBe(403);
      await settle();
      expect(flashBodies(blockerChat)).toEqual([]);
      const history = await onB.get(`/rooms/${dm}/messages`, blocker.token).expect(200);
      expect(history.body.data.map((m: { body: string }) => m.body)).toEqual(['before the block']);
    }, 30_000);
  });
}
