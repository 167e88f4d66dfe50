/**
 * Lua that sets `now` to the Redis server's clock in milliseconds: scripts that keep time on Redis
 * (sliding windows, token buckets) agree across instances whatever their own clocks say.
 */
export const LUA_NOW_MS = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;
