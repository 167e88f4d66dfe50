// Presence across instances sharing one PostgreSQL, for each shared engine (API.md §2, §5, §6): a user
// is online while any connection is open on any instance, goes offline once when the last one closes
// anywhere, and an instance that dies stops counting after the presence TTL.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { PRESENCE_TRACKER } from '../src/presence/presence-tracker.js';
import type { SharedPresenceTracker } from '../src/presence/shared-presence-tracker.js';
import { chatClient } from './helpers/chat.js';
import type { TestApp } from './helpers/create-app.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { describeFanoutModes, startCluster, type InstanceCluster } from './helpers/instances.js';
import type { Frame, TestSocket } from './helpers/ws-client.js';

const describeFanout = await describeFanoutModes();

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** Short heartbeat and TTL so a dead instance stops counting within seconds. */
const TTL_MS = 1000;
const PRESENCE_ENV = { PRESENCE_HEARTBEAT_SECONDS: '0.3', PRESENCE_TTL_SECONDS: String(TTL_MS / 1000) };
/** Longer than any announcement takes on loopback, and than a few heartbeats. */
const QUIET_MS = 1200;

interface PresenceData {
  username: string;
  online: boolean;
  last_seen_at: string | null;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function presenceFramesOf(socket: TestSocket, username: string): PresenceData[] {
  return socket
    .events('presence')
    .map((frame: Frame) => frame.data as PresenceData)
    .filter((data) => data.username === username);
}

/** The first presence frame of the user in that state (frames are kept, so they can be counted later). */
async function waitForPresence(socket: TestSocket, username: string, online: boolean): Promise<PresenceData> {
  const [frame] = await socket.waitFor(
    (candidate) => {
      const { event, data } = candidate as Frame;
      return (
        event === 'presence' &&
        (data as PresenceData).username === username &&
        (data as PresenceData).online === online
      );
    },
    1,
    10_000,
  );
  return (frame as Frame).data as PresenceData;
}

for (const mode of ['redis', 'postgres'] as const) {
  describeFanout[mode](`presence across two instances, FANOUT=${mode}`, () => {
    let cluster: InstanceCluster;
    let a: TestApp;
    let b: TestApp;
    let owner: FlashUser;
    let roomId: string;

    const profile = async (app: TestApp, user: FlashUser): Promise<PresenceData> => {
      const response = await request(app.url)
        .get(`/users/${user.username}`)
        .set('Authorization', `Bearer ${owner.token}`)
        .expect(200);
      return response.body.content as PresenceData;
    };

    const member = async (app: TestApp, user: FlashUser): Promise<PresenceData> => {
      const response = await chatClient(app.url).get(`/rooms/${roomId}/members`, owner.token).expect(200);
      const members = response.body.data as PresenceData[];
      return members.find((candidate) => candidate.username === user.username) as PresenceData;
    };

    /** A fresh user in the room, and the owner watching presence from both instances. */
    const watchedUser = async (): Promise<{ user: FlashUser; onA: TestSocket; onB: TestSocket }> => {
      const user = await registerFlashUser(a.url);
      await chatClient(a.url).addMember(roomId, owner.token, user.username);
      return { user, onA: await cluster.open(a, '/ws', owner), onB: await cluster.open(b, '/ws', owner) };
    };

    beforeAll(async () => {
      cluster = await startCluster(mode, PRESENCE_ENV);
      a = await cluster.start();
      b = await cluster.start();
      owner = await registerFlashUser(a.url);
      roomId = await chatClient(a.url).createRoom(owner.token, { name: `presence ${mode}` });
    }, 120_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('keeps a user online while a connection remains on either instance, offline once when the last closes', async () => {
      const { user, onA, onB } = await watchedUser();
      const deviceA = await cluster.open(a, '/ws', user);
      await Promise.all([
        waitForPresence(onA, user.username, true),
        waitForPresence(onB, user.username, true),
      ]);
      const deviceB = await cluster.open(b, '/ws', user);
      const deviceB2 = await cluster.open(b, '/chats/' + owner.username, user);

      await deviceA.close();
      await deviceB2.close();
      await pause(QUIET_MS);
      for (const watcher of [onA, onB]) {
        expect(presenceFramesOf(watcher, user.username)).toEqual([
          { username: user.username, online: true, last_seen_at: null },
        ]);
      }
      for (const app of [a, b]) {
        await expect(profile(app, user)).resolves.toMatchObject({ online: true, last_seen_at: null });
        await expect(member(app, user)).resolves.toMatchObject({ online: true, last_seen_at: null });
      }

      await deviceB.close();
      // The watcher on A hears it from B through the engine; the one on B locally.
      const [offlineOnA, offlineOnB] = await Promise.all([
        waitForPresence(onA, user.username, false),
        waitForPresence(onB, user.username, false),
      ]);
      expect(offlineOnA.last_seen_at).toMatch(ISO);
      expect(offlineOnB).toEqual(offlineOnA);
      await pause(QUIET_MS);
      for (const watcher of [onA, onB]) expect(presenceFramesOf(watcher, user.username)).toHaveLength(2);
      for (const app of [a, b]) {
        await expect(profile(app, user)).resolves.toEqual({
          name: user.name,
          username: user.username,
          online: false,
          last_seen_at: offlineOnA.last_seen_at,
        });
        await expect(member(app, user)).resolves.toMatchObject({
          online: false,
          last_seen_at: offlineOnA.last_seen_at,
        });
      }
    }, 60_000);

    it('stops counting an instance whose heartbeat stopped, after the TTL, and announces the user offline once', async () => {
      const { user, onA, onB } = await watchedUser();
      const dying = await cluster.start();
      await cluster.open(dying, '/ws', user);
      await waitForPresence(onA, user.username, true);
      await expect(profile(a, user)).resolves.toMatchObject({ online: true });

      // The process hangs or is cut off: no more heartbeats, no cleanup, its socket still open. Its
      // last heartbeat is one begun after `renewedFrom` (a beat already in flight is awaited first), so
      // the engine counts it until at least then + TTL; on a loaded box the beats before may be late.
      const tracker = dying.app.get<SharedPresenceTracker>(PRESENCE_TRACKER);
      await tracker.beat();
      const renewedFrom = Date.now();
      await tracker.beat();
      tracker.stopHeartbeat();
      const [offline] = await Promise.all([
        waitForPresence(onA, user.username, false),
        waitForPresence(onB, user.username, false),
      ]);
      // docs/scaling.md's bound: not before the TTL, and within TTL + one heartbeat + delivery (with
      // slack for a loaded box: every instance of the cluster runs in this one process).
      const offlineAfter = Date.now() - renewedFrom;
      expect(offlineAfter).toBeGreaterThanOrEqual(TTL_MS);
      expect(offlineAfter).toBeLessThanOrEqual(TTL_MS + 3000);
      expect(offline.last_seen_at).toMatch(ISO);
      for (const app of [a, b]) {
        await expect(profile(app, user)).resolves.toMatchObject({
          online: false,
          last_seen_at: offline.last_seen_at,
        });
        await expect(member(app, user)).resolves.toMatchObject({ online: false });
      }
      await pause(QUIET_MS);
      for (const watcher of [onA, onB]) expect(presenceFramesOf(watcher, user.username)).toHaveLength(2);
    }, 60_000);
  });
}
