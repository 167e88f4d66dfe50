import { afterEach, describe, expect, it } from '@jest/globals';
import type { JsonLogger } from '../common/logging/json-logger.js';
import { LocalPresenceTracker } from './local-presence-tracker.js';
import type { GlobalPresenceChange, PresenceStore } from './presence-store.js';
import type { PresenceTracker, PresenceTransition } from './presence-tracker.js';
import { SharedPresenceTracker } from './shared-presence-tracker.js';

const TTL = 30_000;
const quietLogger = { event: () => undefined } as unknown as JsonLogger;
const started: SharedPresenceTracker[] = [];
afterEach(() => started.splice(0).forEach((tracker) => tracker.stopHeartbeat()));

/** One shared engine in memory with the semantics the Redis and Postgres stores implement. */
class FakeEngine {
  now = 0;
  down = false;
  readonly expiries = new Map<string, number>();
  readonly counts = new Map<string, Map<string, number>>();

  /** Online on a live instance; `writer` counts as live, as the stores count the instance writing. */
  isOnline(userId: string, writer?: string): boolean {
    for (const [instance, count] of this.counts.get(userId) ?? []) {
      if (count > 0 && (instance === writer || (this.expiries.get(instance) ?? -1) > this.now)) return true;
    }
    return false;
  }

  store(instanceId: string): PresenceStore {
    return storeOf(this, instanceId);
  }
}

function storeOf(engine: FakeEngine, instanceId: string): PresenceStore {
  const reachable = (): void => {
    if (engine.down) throw new Error('engine down');
  };
  return {
    setCount(userId: string, count: number, renewTtlMs?: number): Promise<GlobalPresenceChange> {
      reachable();
      const expiry = engine.expiries.get(instanceId) ?? -1;
      const wasLive = expiry > engine.now;
      if (renewTtlMs !== undefined && expiry < engine.now + renewTtlMs / 2)
        engine.expiries.set(instanceId, engine.now + renewTtlMs);
      const before = engine.isOnline(userId, instanceId);
      const perInstance = engine.counts.get(userId) ?? new Map<string, number>();
      if (count > 0) perInstance.set(instanceId, count);
      else perInstance.delete(instanceId);
      engine.counts.set(userId, perInstance);
      return Promise.resolve({ before, after: engine.isOnline(userId, instanceId), wasLive });
    },
    onlineAmong(userIds) {
      reachable();
      return Promise.resolve(new Set(userIds.filter((id) => engine.isOnline(id))));
    },
    heartbeat(ttlMs) {
      reachable();
      const wasLive = (engine.expiries.get(instanceId) ?? -1) > engine.now;
      engine.expiries.set(instanceId, engine.now + ttlMs);
      return Promise.resolve(wasLive);
    },
    reap() {
      reachable();
      const dead = [...engine.expiries].filter(([, expiry]) => expiry <= engine.now).map(([id]) => id);
      const touched = new Set<string>();
      for (const id of dead) {
        engine.expiries.delete(id);
        for (const [userId, perInstance] of engine.counts) if (perInstance.delete(id)) touched.add(userId);
      }
      return Promise.resolve([...touched].filter((userId) => !engine.isOnline(userId)));
    },
    retire() {
      engine.expiries.set(instanceId, engine.now - 1);
      return Promise.resolve();
    },
  };
}

interface Instance {
  tracker: SharedPresenceTracker;
  seen: PresenceTransition[];
}

async function instance(engine: FakeEngine, id: string): Promise<Instance> {
  const tracker = new SharedPresenceTracker(
    engine.store(id),
    { heartbeatMs: 10_000, ttlMs: TTL },
    quietLogger,
  );
  const seen: PresenceTransition[] = [];
  tracker.onTransition((transitions) => seen.push(...transitions));
  await tracker.onModuleInit(); // beats every 10 s of real time: the tests beat by hand long before
  started.push(tracker);
  return { tracker, seen };
}

describe('SharedPresenceTracker', () => {
  it('reports online once and offline once for a user connected on two instances', async () => {
    const engine = new FakeEngine();
    const a = await instance(engine, 'a');
    const b = await instance(engine, 'b');
    await a.tracker.connected('u');
    await b.tracker.connected('u');
    await b.tracker.connected('u');
    expect(a.seen).toEqual([{ userId: 'u', online: true }]);
    expect(b.seen).toEqual([]);

    await a.tracker.disconnected('u');
    await b.tracker.disconnected('u');
    expect(a.seen).toHaveLength(1);
    expect(b.seen).toEqual([]);
    await expect(a.tracker.onlineAmong(['u', 'x'])).resolves.toEqual(new Set(['u']));

    await b.tracker.disconnected('u');
    expect(b.seen).toEqual([{ userId: 'u', online: false }]);
    expect(a.seen).toHaveLength(1);
    await expect(a.tracker.onlineAmong(['u'])).resolves.toEqual(new Set());
  });

  it('writes one user’s counts in order even when the engine answers out of order', async () => {
    const written: number[] = [];
    let releaseFirst: () => void = () => undefined;
    const store: PresenceStore = {
      ...new FakeEngine().store('a'),
      async setCount(_userId, count) {
        if (written.length === 0 && count === 1)
          await new Promise<void>((resolve) => (releaseFirst = resolve));
        written.push(count);
        return { before: false, after: false, wasLive: true };
      },
    };
    const tracker = new SharedPresenceTracker(store, { heartbeatMs: 10_000, ttlMs: TTL }, quietLogger);
    const first = tracker.connected('u');
    const second = tracker.disconnected('u');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(written).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(written).toEqual([1, 0]);
  });

  it('stops counting a dead instance after the TTL: a live one reports its users offline, once', async () => {
    const engine = new FakeEngine();
    const dying = await instance(engine, 'dying');
    const live = await instance(engine, 'live');
    await dying.tracker.connected('u');
    await live.tracker.connected('v');
    await dying.tracker.connected('v');

    engine.now += TTL - 1;
    await live.tracker.beat();
    expect(live.seen).toEqual([{ userId: 'v', online: true }]);
    await expect(live.tracker.onlineAmong(['u', 'v'])).resolves.toEqual(new Set(['u', 'v']));

    engine.now += 2; // past the dying instance's TTL, not past the live one's (it just beat)
    await expect(live.tracker.onlineAmong(['u', 'v'])).resolves.toEqual(new Set(['v']));
    await live.tracker.beat();
    await live.tracker.beat();
    expect(live.seen).toEqual([
      { userId: 'v', online: true },
      { userId: 'u', online: false },
    ]);
    expect(engine.expiries.has('dying')).toBe(false);
  });

  /** Instances `a` and `b`, and `lapse()`: time moves just past a's TTL while b beats (a is not reaped yet). */
  async function lapsingPair(): Promise<{
    engine: FakeEngine;
    a: Instance;
    b: Instance;
    lapse: () => Promise<void>;
  }> {
    const engine = new FakeEngine();
    const a = await instance(engine, 'a');
    const b = await instance(engine, 'b');
    const lapse = async (): Promise<void> => {
      engine.now += TTL - 1;
      await b.tracker.beat();
      engine.now += 2;
    };
    return { engine, a, b, lapse };
  }

  it('reports a user who connected while its heartbeat had lapsed, once, not again when it revives', async () => {
    const { engine, a, b, lapse } = await lapsingPair();
    await lapse();
    await a.tracker.connected('u');
    expect(a.seen).toEqual([{ userId: 'u', online: true }]);

    await a.tracker.beat(); // revives a: its counts are written again, and nothing changed
    await b.tracker.beat();
    expect(a.seen).toEqual([{ userId: 'u', online: true }]);
    expect(b.seen).toEqual([]);
    expect(engine.isOnline('u')).toBe(true);
  });

  it('reports a user whose last socket closed while its heartbeat had lapsed, and no one again', async () => {
    const { engine, a, b, lapse } = await lapsingPair();
    await a.tracker.connected('u');
    await lapse();
    await a.tracker.disconnected('u');
    expect(a.seen).toEqual([
      { userId: 'u', online: true },
      { userId: 'u', online: false },
    ]);

    await b.tracker.beat(); // reaps a: it left no count of u behind
    await a.tracker.beat();
    expect(b.seen).toEqual([]);
    expect(a.seen).toHaveLength(2);
    expect(engine.isOnline('u')).toBe(false);
  });

  it('announces nothing while the engine is down and reports what changed once it is back', async () => {
    const engine = new FakeEngine();
    const a = await instance(engine, 'a');
    await a.tracker.connected('u');
    engine.down = true;
    await a.tracker.disconnected('u');
    await a.tracker.connected('w');
    expect(a.seen).toEqual([{ userId: 'u', online: true }]);
    await expect(a.tracker.onlineAmong(['u', 'w'])).resolves.toEqual(new Set(['w']));

    engine.down = false;
    await a.tracker.beat();
    expect(a.seen).toEqual([
      { userId: 'u', online: true },
      { userId: 'u', online: false },
      { userId: 'w', online: true },
    ]);
    expect(engine.isOnline('u')).toBe(false);
  });

  /** `a` with user u connected, reaped by `b` after a's TTL (b reported u offline); `a` has not noticed yet. */
  async function reapedWithUser(): Promise<{ engine: FakeEngine; a: Instance; b: Instance }> {
    const engine = new FakeEngine();
    const a = await instance(engine, 'a');
    const b = await instance(engine, 'b');
    await a.tracker.connected('u');
    engine.now += TTL + 1;
    await b.tracker.beat();
    expect(b.seen).toEqual([{ userId: 'u', online: false }]);
    return { engine, a, b };
  }

  it('writes all its counts again after a peer reaped it, reporting its users online again', async () => {
    const { engine, a } = await reapedWithUser();

    await a.tracker.beat();
    expect(a.seen).toEqual([
      { userId: 'u', online: true },
      { userId: 'u', online: true },
    ]);
    expect(engine.isOnline('u')).toBe(true);
  });

  it('renews its heartbeat when it writes: a peer reading after the transition agrees past the last beat', async () => {
    const engine = new FakeEngine();
    const a = await instance(engine, 'a');
    const b = await instance(engine, 'b');
    engine.now += TTL - 10; // a's next beat is late (a stalled event loop, a loaded box)
    await a.tracker.connected('u');
    expect(a.seen).toEqual([{ userId: 'u', online: true }]);
    engine.now += 20; // past the expiry of a's last beat
    await expect(b.tracker.onlineAmong(['u'])).resolves.toEqual(new Set(['u']));
    await b.tracker.beat(); // and b does not reap it
    expect(b.seen).toEqual([]);
  });

  it('writes its other counts again when a write finds it reaped, without waiting for its next beat', async () => {
    const { a, b } = await reapedWithUser();

    await a.tracker.connected('w');
    await new Promise((resolve) => setTimeout(resolve, 0)); // the resync is not awaited by the write
    expect(a.seen).toEqual([
      { userId: 'u', online: true },
      { userId: 'w', online: true },
      { userId: 'u', online: true },
    ]);
    await expect(b.tracker.onlineAmong(['u', 'w'])).resolves.toEqual(new Set(['u', 'w']));
  });

  it('does not make itself live again by writing once stopped', async () => {
    const engine = new FakeEngine();
    const a = await instance(engine, 'a');
    await a.tracker.connected('u');
    await a.tracker.onApplicationShutdown();
    await a.tracker.disconnected('u');
    expect(engine.expiries.get('a')).toBeLessThan(engine.now);
  });

  it('retires at shutdown so peers reap it at their next beat', async () => {
    const engine = new FakeEngine();
    const a = await instance(engine, 'a');
    const b = await instance(engine, 'b');
    await a.tracker.connected('u');
    await a.tracker.onApplicationShutdown();
    await b.tracker.beat();
    expect(b.seen).toEqual([{ userId: 'u', online: false }]);
  });
});

describe('LocalPresenceTracker', () => {
  it('counts connections: online at the first, offline at the last', async () => {
    const tracker: PresenceTracker = new LocalPresenceTracker();
    const seen: PresenceTransition[] = [];
    tracker.onTransition((transitions) => seen.push(...transitions));
    await tracker.connected('u');
    await tracker.connected('u');
    await tracker.disconnected('u');
    await expect(tracker.onlineAmong(['u', 'x'])).resolves.toEqual(new Set(['u']));
    await tracker.disconnected('u');
    await tracker.disconnected('u');
    expect(seen).toEqual([
      { userId: 'u', online: true },
      { userId: 'u', online: false },
    ]);
    await expect(tracker.onlineAmong(['u'])).resolves.toEqual(new Set());
  });
});
