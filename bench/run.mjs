#!/usr/bin/env node
// `npm run bench`: p-chat against a bare `ws` relay measured in the same run, on this machine.
// Prints throughput, p50/p99 latency, lost and duplicate counts, RSS per idle socket, and each
// figure as a ratio to the reference. The scale-out scenario compares two instances (FANOUT=redis,
// FANOUT=postgres) with one. Flags: --quick (smaller loads), --embedded (no PostgreSQL: p-chat on its
// embedded engine; the history and scale-out scenarios are skipped), --only=<scenario list>,
// --profile (p-chat under node --cpu-prof into bench/profiles/; prints the top self-time functions).
import { registerUsers, targets } from './lib/clients.mjs';
import { startBareRelay, startPChat } from './lib/processes.mjs';
import { createFreshDatabase } from '../test/helpers/fresh-database.mjs';
import { fmt, ratio } from './lib/stats.mjs';
import { printProfile, profileServers } from './lib/profile-top.mjs';
import { checkTarget, printTargets } from './lib/targets.mjs';
import { connectBurst, connectSteady } from './scenarios/connect.mjs';
import { healthAtRate } from './scenarios/health.mjs';
import { startupTime } from './scenarios/startup.mjs';
import { dmLatency, dmThroughput, saturatedWindows } from './scenarios/dm.mjs';
import { historyPage } from './scenarios/history.mjs';
import { metricsCost } from './scenarios/metrics-cost.mjs';
import { idleSockets } from './scenarios/idle.mjs';
import { createRoomWithMembers, roomFanout } from './scenarios/room.mjs';
import { BENCH_REDIS_URL, SCALE_MODES, measureScaleMode, probeRedis } from './scenarios/scale.mjs';
import { STORM_SCENARIOS, runStorms } from './scenarios/storms.mjs';

const quick = process.argv.includes('--quick');
const embedded = process.argv.includes('--embedded');
/** `--profile`: p-chat servers run under --cpu-prof; their top self-time functions print at the end. */
const profileDir = process.argv.includes('--profile') ? profileServers() : undefined;
/**
 * `--only=dm,room` runs a subset of: idle, dm, latency, room, health, connect, metrics, history, startup,
 * scale, and the storms (storm-reconnect, storm-hot-room, storm-slow, storm-signin).
 */
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const size = {
  pairs: quick ? 20 : 50,
  perSender: quick ? 200 : 1000,
  window: 16,
  latencyRate: 2000,
  latencySeconds: quick ? 3 : 10,
  idle: quick ? 2000 : 10_000,
  roomMembers: 200,
  roomRate: 100,
  roomSeconds: quick ? 3 : 10,
  historyRows: quick ? 100_000 : 1_000_000,
  historyRequests: quick ? 200 : 1000,
  healthRate: 1000,
  healthSeconds: quick ? 3 : 10,
  connectBurst: 1000,
  connectRate: 1000,
  connectSeconds: quick ? 2 : 5,
  scale: {
    pairs: quick ? 20 : 50,
    warmup: 50,
    perSender: quick ? 300 : 1000,
    window: 16,
    latencyRate: 1000,
    latencySeconds: quick ? 3 : 10,
    roomMembers: 200,
    roomRate: 100,
    roomSeconds: quick ? 3 : 10,
  },
};

/** The bench measures the server, not the flood limiter's refusals: raise the per-user limit. */
const P_CHAT_ENV = { WS_FLOOD_RATE: '1000000', WS_FLOOD_BURST: '1000000' };

const report = (scenario, metric, value, reference, target = '') => {
  console.log(
    `${scenario.padEnd(26)} ${metric.padEnd(20)} p-chat ${fmt(value).padStart(10)}  ref ${fmt(reference).padStart(10)}` +
      `  ratio ${fmt(ratio(value, reference))}${target ? `  (target ${target})` : ''}`,
  );
};

/** Each scenario runs the same load against p-chat and the reference, then reports both. */
const singleServerScenarios = {
  // First, while the server's heap holds nothing of the other loads (RSS growth per socket is the figure).
  async idle({ pchat, bare, users }) {
    const p = await idleSockets(pchat, users, {
      count: size.idle,
      url: (user) => `${pchat.server.ws}/ws?token=${user.token}`,
    });
    const b = await idleSockets(bare, users, {
      count: size.idle,
      url: (user, peer) => bare.dmUrl(user, peer),
    });
    report(`${size.idle} idle sockets`, 'bytes per socket', p.bytesPerSocket, b.bytesPerSocket, '≤ 2×');
  },
  async dm({ pchat, bare, users }) {
    const pairs = users.slice(0, size.pairs * 2);
    const p = await dmThroughput(pchat, pairs, size);
    const b = await dmThroughput(bare, pairs, size);
    const goal = embedded ? 0.25 : 0.5;
    report('dm throughput', 'msg/s', p.throughput, b.throughput, `≥ ${goal}×`);
    report('dm throughput', 'p99 ms (saturated)', p.p99, b.p99);
    report('dm throughput', 'lost', p.lost, b.lost, '0');
    report('dm throughput', 'duplicates', p.duplicates, b.duplicates, '0');
    report('dm throughput', 'server CPU µs/msg', p.cpuUsPerMessage, b.cpuUsPerMessage);
    report('dm throughput', 'RSS max MiB', p.rssMaxMiB, b.rssMaxMiB);
    const msgs = ratio(p.throughput, b.throughput);
    checkTarget(`DM relay msg/s ≥ ${goal}× bare relay`, msgs, msgs >= goal, '×');
    const cpu = ratio(p.cpuUsPerMessage, b.cpuUsPerMessage);
    checkTarget('server CPU per delivered msg ≤ 2× relay', cpu, cpu <= 2, '×');
    checkTarget('DM 0 lost, 0 duplicates', `${p.lost} lost, ${p.duplicates} dup`, !p.lost && !p.duplicates);
    const rssMB = (p.rssMaxMiB * 2 ** 20) / 1e6;
    const rssGoal = embedded ? 400 : 200;
    checkTarget(`RSS max during the DM run ≤ ${rssGoal} MB`, rssMB, rssMB <= rssGoal, ' MB');
  },
  async latency({ pchat, bare, users }) {
    const pairs = users.slice(0, size.pairs * 2);
    const load = { rate: size.latencyRate, seconds: size.latencySeconds };
    const p = await dmLatency(pchat, pairs, load);
    const b = await dmLatency(bare, pairs, load);
    const name = `dm @ ${size.latencyRate} msg/s`;
    report(name, 'p50 ms', p.p50, b.p50);
    report(name, 'p99 ms', p.p99, b.p99, '≤ 5 ms');
    report(name, 'lost', p.lost, b.lost, '0');
    checkTarget(`p99 at ${size.latencyRate} msg/s ≤ 5 ms, 0 lost`, p.p99, p.p99 <= 5 && !p.lost, ' ms');
  },
  async room({ pchat, bare, users }) {
    const members = users.slice(0, size.roomMembers);
    const roomId = await createRoomWithMembers(pchat.server.http, members);
    // The 200 members' presence burst on connecting is not part of the measured delivery.
    const load = { roomId, rate: size.roomRate, seconds: size.roomSeconds, settleMs: 500 };
    const p = await roomFanout(pchat, members, load);
    const b = await roomFanout(bare, members, load);
    const name = `room ×${size.roomMembers} @ ${size.roomRate} msg/s`;
    report(name, 'p50 ms', p.p50, b.p50);
    report(name, 'p99 ms', p.p99, b.p99, '≤ 50 ms');
    report(name, 'lost deliveries', p.lost, b.lost, '0');
  },
  async health({ pchat, bare }) {
    const load = { rate: size.healthRate, seconds: size.healthSeconds };
    const p = await healthAtRate(pchat.server.http, load);
    const b = await healthAtRate(bare.server.http, { ...load, expectOk: false });
    const name = `GET /health @ ${size.healthRate}/s`;
    report(name, 'p50 ms', p.p50, b.p50);
    report(name, 'p99 ms', p.p99, b.p99, '≤ 2 ms');
    report(name, 'p99 ms, first 2 s', p.cold.p99, b.cold.p99);
    report(name, 'failed', p.failed + p.cold.failed, b.failed + b.cold.failed, '0');
    checkTarget(`GET /health p99 ≤ 2 ms at ${size.healthRate} req/s`, p.p99, p.p99 <= 2 && !p.failed, ' ms');
  },
  async connect({ pchat, bare, users }) {
    const burst = { burst: size.connectBurst };
    const p = await connectBurst(pchat, users, burst);
    const b = await connectBurst(bare, users, burst);
    const name = `${size.connectBurst} upgrades at once`;
    report(name, 'opened', p.opened, b.opened, `${size.connectBurst}`);
    report(name, 'p50 ms', p.p50, b.p50);
    report(name, 'p99 ms', p.p99, b.p99, '≤ 100 ms');
    report(name, 'server CPU µs/socket', p.cpuUsPerConnect, b.cpuUsPerConnect);
    const allOpen = p.opened === size.connectBurst;
    checkTarget(`${size.connectBurst} upgrades at once: all open`, `${p.opened} opened`, allOpen);
    checkTarget(`${size.connectBurst} upgrades at once: p99 ≤ 100 ms`, p.p99, allOpen && p.p99 <= 100, ' ms');
    const load = { rate: size.connectRate, seconds: size.connectSeconds };
    const ps = await connectSteady(pchat, users, load);
    const bs = await connectSteady(bare, users, load);
    const steady = `connects @ ${size.connectRate}/s`;
    report(steady, 'completed /s', ps.completedPerSecond, bs.completedPerSecond, `${size.connectRate}`);
    report(steady, 'p99 ms', ps.p99, bs.p99);
    report(steady, 'failed', ps.offered - ps.opened, bs.offered - bs.opened, '0');
    const kept = ps.opened === ps.offered && ps.completedPerSecond >= 0.95 * size.connectRate;
    checkTarget(
      `steady ${size.connectRate} connects/s (all open, ≥ 95 %)`,
      ps.completedPerSecond,
      kept,
      '/s',
    );
  },
  // The same saturated DM load on a second server started with METRICS_ENABLED=false ("ref" = off).
  async metrics({ pchat, users, database }) {
    const off = await startPChat({ ...P_CHAT_ENV, ...database.env, METRICS_ENABLED: 'false' });
    try {
      const count = size.pairs * 2;
      const offUsers = await registerUsers(off.http, count, `m${Date.now().toString(36)}`);
      const r = await metricsCost(
        { target: pchat, users: users.slice(0, count) },
        { target: targets.pchat(off), users: offUsers },
        size,
      );
      report('dm, metrics on vs off', 'msg/s', r.on.throughput, r.off.throughput, '≥ 0.97×');
      report('dm, metrics on vs off', 'server CPU µs/msg', r.on.cpuUsPerMessage, r.off.cpuUsPerMessage);
      report('dm, metrics on vs off', 'lost', r.on.lost, r.off.lost, '0');
    } finally {
      await off.stop();
    }
  },
  async history({ pchat, users, database }) {
    if (embedded) return;
    const load = { rows: size.historyRows, requests: size.historyRequests };
    const h = await historyPage(pchat, users[0], database, load);
    report(`history, ${size.historyRows} msgs`, 'p50 ms', h.p50, h.reference.p50);
    report(`history, ${size.historyRows} msgs`, 'p99 ms', h.p99, h.reference.p99, '≤ 5 ms');
    checkTarget(`history page of 50 in ${size.historyRows} msgs p99 ≤ 5 ms`, h.p99, h.p99 <= 5, ' ms');
  },
  // `npm start` on this (built) tree, default embedded engine: restarts on one DATA_DIR.
  async startup() {
    const s = await startupTime(quick ? 2 : 3);
    report('npm start, built tree', 'ms to GET /health', s.median, NaN, '≤ 2000 ms');
    checkTarget('npm start on a built tree serves within 2 s', s.median, s.median <= 2000, ' ms');
  },
};

/**
 * Scale-out: starts its own servers (one fresh database per mode); "p-chat" is the two-instance
 * figure and "ref" the one-instance figure under the same load.
 */
async function scale() {
  if (embedded) return;
  const load = size.scale;
  const redis = await probeRedis();
  if (!redis.reachable)
    console.log(`scale-out: no Redis at ${BENCH_REDIS_URL} (${redis.error}); redis mode skipped`);
  else if (redis.subscribers > 0)
    console.log(`scale-out: warning, ${redis.subscribers} other subscriber(s) on ${redis.channel}`);
  const results = {};
  for (const mode of SCALE_MODES) {
    if (mode.fanout === 'redis' && !redis.reachable) continue;
    results[mode.fanout] = await measureScaleMode(mode, load, P_CHAT_ENV);
  }
  const one = results.local;
  for (const mode of SCALE_MODES.filter((m) => m.instances > 1 && results[m.fanout])) {
    const two = results[mode.fanout];
    const target = (t) => (mode.fanout === 'redis' ? t : '');
    const dm = `scale dm ×2 ${mode.name}`;
    report(dm, 'msg/s', two.dm.throughput, one.dm.throughput, target('≥ 0.8×'));
    report(dm, 'p99 ms (saturated)', two.dm.p99, one.dm.p99);
    report(dm, 'server CPU µs/msg', two.dm.serverCpuUs, one.dm.serverCpuUs);
    report(dm, 'lost', two.dm.lost, one.dm.lost, '0');
    report(dm, 'duplicates', two.dm.duplicates, one.dm.duplicates, '0');
    const latency = `scale dm@${load.latencyRate} ×2 ${mode.name}`;
    report(latency, 'p50 ms', two.latency.p50, one.latency.p50);
    report(latency, 'p99 ms', two.latency.p99, one.latency.p99, target('≤ 2×'));
    report(latency, 'lost', two.latency.lost, one.latency.lost, '0');
    const room = `scale room ×2 ${mode.name}`;
    report(room, 'p50 ms', two.room.p50, one.room.p50);
    report(room, 'p99 ms', two.room.p99, one.room.p99, target('≤ 2×'));
    report(room, 'lost deliveries', two.room.lost, one.room.lost, '0');
  }
}

const selected = (name) => !only || only.includes(name);

async function main() {
  const engine = embedded ? 'embedded PGlite' : 'PostgreSQL';
  console.log(`p-chat benchmark (${quick ? 'quick' : 'full'}, ${engine}), node ${process.version}`);
  if (Object.keys(singleServerScenarios).some(selected)) await againstReference();
  if (selected('scale')) await scale();
  if (STORM_SCENARIOS.some(selected)) await runStorms({ quick, embedded, selected });
  console.log('\nratio = p-chat / reference (bare ws relay; for history: GET /health on the same server;');
  console.log('        for metrics: metrics on / METRICS_ENABLED=false, same build and load;');
  console.log('        for scale: two instances / one instance with FANOUT=local, same load).');
  printTargets();
  if (profileDir) printProfile(profileDir, saturatedWindows);
}

async function againstReference() {
  const database = embedded ? { env: {}, drop: async () => {} } : await createFreshDatabase('p_chat_bench');
  const bare = await startBareRelay();
  const server = await startPChat({ ...P_CHAT_ENV, ...database.env });
  try {
    const users = await registerUsers(
      server.http,
      Math.max(size.pairs * 2, size.roomMembers),
      `b${Date.now().toString(36)}`,
    );
    const context = { pchat: targets.pchat(server), bare: targets.bare(bare), users, database };
    for (const [name, scenario] of Object.entries(singleServerScenarios)) {
      if (selected(name)) await scenario(context);
    }
  } finally {
    await server.stop();
    await bare.stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
