// FANOUT=redis presence: per-user hashes of connection counts by instance, plus one hash of instance
// heartbeats (expiry on the Redis clock, so skewed instance clocks agree). Every decision is one Lua
// script, atomic against other instances. A user is online when some field of their hash belongs to
// an instance whose heartbeat has not expired; a dead instance's fields are ignored until a live
// instance reaps them (keys named in the script: one standalone Redis per deployment, not a cluster).
import type { Redis } from 'ioredis';
import type { GlobalPresenceChange, PresenceStore } from './presence-store.js';

const PREFIX = 'p-chat:presence:';
export const PRESENCE_INSTANCES_KEY = `${PREFIX}instances`;
/** hash instance id → connections of that user on it */
export const USER_KEY_PREFIX = `${PREFIX}user:`;
/** set of the users with a count on that instance, for reaping */
export const INSTANCE_USERS_KEY_PREFIX = `${PREFIX}instance-users:`;

const HELPERS = `
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local function live_instances(key, now)
  local live = {}
  local entries = redis.call('HGETALL', key)
  for i = 1, #entries, 2 do
    if tonumber(entries[i + 1]) > now then live[entries[i]] = true end
  end
  return live
end
local function online(user_key, live)
  local fields = redis.call('HGETALL', user_key)
  for i = 1, #fields, 2 do
    if live[fields[i]] and tonumber(fields[i + 1]) > 0 then return 1 end
  end
  return 0
end
`;

/**
 * KEYS: instances, user hash, instance's user set. ARGV: instance id, user id, count, renew ttl ms (0:
 * none). → {before, after, was live}. The writing instance counts as live (see PresenceStore.setCount).
 */
const SET_COUNT = `${HELPERS}
local now = now_ms()
local live = live_instances(KEYS[1], now)
local was_live = live[ARGV[1]] and 1 or 0
local ttl = tonumber(ARGV[4])
if ttl > 0 and (tonumber(redis.call('HGET', KEYS[1], ARGV[1])) or 0) < now + ttl / 2 then
  redis.call('HSET', KEYS[1], ARGV[1], now + ttl)
end
live[ARGV[1]] = true
local before = online(KEYS[2], live)
if tonumber(ARGV[3]) > 0 then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
  redis.call('SADD', KEYS[3], ARGV[2])
else
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('SREM', KEYS[3], ARGV[2])
end
return {before, online(KEYS[2], live), was_live}
`;

/** KEYS: instances, then one user hash per user. → 1/0 per user */
const ONLINE_AMONG = `${HELPERS}
local live = live_instances(KEYS[1], now_ms())
local result = {}
for i = 2, #KEYS do result[i - 1] = online(KEYS[i], live) end
return result
`;

/** KEYS: instances. ARGV: instance id, ttl ms. → 1 when the instance was live before this beat */
const HEARTBEAT = `${HELPERS}
local now = now_ms()
local expires = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
redis.call('HSET', KEYS[1], ARGV[1], now + tonumber(ARGV[2]))
if expires and expires > now then return 1 end
return 0
`;

/** KEYS: instances. ARGV: user key prefix, instance-users key prefix. → users offline because of the reap */
const REAP = `${HELPERS}
local now = now_ms()
local entries = redis.call('HGETALL', KEYS[1])
local seen, touched = {}, {}
for i = 1, #entries, 2 do
  if tonumber(entries[i + 1]) <= now then
    local id = entries[i]
    local users_key = ARGV[2] .. id
    for _, user in ipairs(redis.call('SMEMBERS', users_key)) do
      redis.call('HDEL', ARGV[1] .. user, id)
      if not seen[user] then
        seen[user] = true
        table.insert(touched, user)
      end
    end
    redis.call('DEL', users_key)
    redis.call('HDEL', KEYS[1], id)
  end
end
local live = live_instances(KEYS[1], now)
local offline = {}
for _, user in ipairs(touched) do
  if online(ARGV[1] .. user, live) == 0 then table.insert(offline, user) end
end
return offline
`;

export class RedisPresenceStore implements PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly instanceId: string,
  ) {}

  async setCount(userId: string, count: number, renewTtlMs = 0): Promise<GlobalPresenceChange> {
    const [before, after, wasLive] = (await this.redis.eval(
      SET_COUNT,
      3,
      PRESENCE_INSTANCES_KEY,
      `${USER_KEY_PREFIX}${userId}`,
      `${INSTANCE_USERS_KEY_PREFIX}${this.instanceId}`,
      this.instanceId,
      userId,
      count,
      renewTtlMs,
    )) as [number, number, number];
    return { before: before === 1, after: after === 1, wasLive: wasLive === 1 };
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    const flags = (await this.redis.eval(
      ONLINE_AMONG,
      userIds.length + 1,
      PRESENCE_INSTANCES_KEY,
      ...userIds.map((id) => `${USER_KEY_PREFIX}${id}`),
    )) as number[];
    return new Set(userIds.filter((_, index) => flags[index] === 1));
  }

  async heartbeat(ttlMs: number): Promise<boolean> {
    const live = await this.redis.eval(HEARTBEAT, 1, PRESENCE_INSTANCES_KEY, this.instanceId, ttlMs);
    return live === 1;
  }

  async reap(): Promise<string[]> {
    return (await this.redis.eval(
      REAP,
      1,
      PRESENCE_INSTANCES_KEY,
      USER_KEY_PREFIX,
      INSTANCE_USERS_KEY_PREFIX,
    )) as string[];
  }

  async retire(): Promise<void> {
    await this.redis.hset(PRESENCE_INSTANCES_KEY, this.instanceId, 0);
  }
}
