// Scale-out: the same load against one instance (FANOUT=local) and against two instances sharing one
// fresh PostgreSQL database (FANOUT=redis, FANOUT=postgres). With two instances every DM pair has its
// sender on one instance and its receiver on the other (half the pairs each way, so both instances
// commit), and the room's members alternate between the instances: every message crosses the engine.
import { Redis } from 'ioredis';
import { createFreshDatabase } from '../../test/helpers/fresh-database.mjs';
import { registerUsers, targets } from '../lib/clients.mjs';
import { cpuSeconds, startPChat } from '../lib/processes.mjs';
import { dmLatency, dmThroughput } from './dm.mjs';
import { createRoomWithMembers, roomFanout } from './room.mjs';

export const SCALE_MODES = [
  { name: 'one instance', fanout: 'local', instances: 1 },
  { name: 'redis', fanout: 'redis', instances: 2 },
  { name: 'postgres', fanout: 'postgres', instances: 2 },
];

/**
 * Redis database 15 keeps the bench's rate-limit counters away from anything else on the machine's
 * Redis. Pub/sub ignores the database index, so the fan-out channel is shared with whatever else
 * subscribes to it on that server: `probeRedis` reports those subscribers.
 */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

/** Whether the bench's Redis answers, and how many others listen on the fan-out channel. Read-only. */
export async function probeRedis(url = BENCH_REDIS_URL) {
  const { REDIS_FANOUT_CHANNEL } = await import('../../dist/src/fanout/redis-fanout.js');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const [, subscribers] = await redis.pubsub('NUMSUB', REDIS_FANOUT_CHANNEL);
    return { reachable: true, channel: REDIS_FANOUT_CHANNEL, subscribers: Number(subscribers) };
  } catch (error) {
    return { reachable: false, error: String(error) };
  } finally {
    redis.disconnect();
  }
}

/** Pair i's sender (users[2i]) on instance i mod n, its receiver on the next instance. */
function placeUsers(users, instances) {
  const placement = new Map();
  users.forEach((user, index) => {
    const pair = Math.floor(index / 2);
    placement.set(user.username, (pair + (index % 2)) % instances);
  });
  return placement;
}

/** Starts the mode's instances one after another (the first runs the migrations). */
async function startInstances(mode, env) {
  const servers = [];
  try {
    for (let i = 0; i < mode.instances; i += 1)
      servers.push(await startPChat({ ...env, FANOUT: mode.fanout }));
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  return servers;
}

/**
 * One mode on its own fresh database: DM throughput with a bounded window (after a short warm-up),
 * DM latency at a fixed rate, and a room's delivery latency at a fixed rate.
 */
export async function measureScaleMode(mode, size, baseEnv) {
  const database = await createFreshDatabase('p_chat_scale');
  const env = {
    ...baseEnv,
    ...database.env,
    ...(mode.fanout === 'redis' ? { REDIS_URL: BENCH_REDIS_URL } : {}),
  };
  let servers = [];
  try {
    servers = await startInstances(mode, env);
    const userCount = Math.max(size.pairs * 2, size.roomMembers);
    const users = await registerUsers(
      servers[0].http,
      userCount,
      `s${mode.fanout[0]}${Date.now().toString(36)}`,
    );
    const target = targets.spread(servers, placeUsers(users, servers.length));
    const pairs = users.slice(0, size.pairs * 2);
    await dmThroughput(target, pairs, { perSender: size.warmup, window: size.window });
    const cpuBefore = servers.reduce((sum, server) => sum + cpuSeconds(server.pid), 0);
    const dm = await dmThroughput(target, pairs, size);
    const cpu = servers.reduce((sum, server) => sum + cpuSeconds(server.pid), 0) - cpuBefore;
    // CPU the p-chat processes spent per delivered message (includes the 300 ms duplicate watch).
    dm.serverCpuUs = (cpu * 1e6) / (pairs.length / 2) / size.perSender;
    const latency = await dmLatency(target, pairs, { rate: size.latencyRate, seconds: size.latencySeconds });
    const members = users.slice(0, size.roomMembers);
    const roomId = await createRoomWithMembers(servers[0].http, members);
    const room = await roomFanout(target, members, {
      roomId,
      rate: size.roomRate,
      seconds: size.roomSeconds,
      settleMs: 500,
    });
    return { dm, latency, room };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await database.drop();
  }
}
