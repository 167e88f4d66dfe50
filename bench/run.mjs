#!/usr/bin/env node
// `npm run bench`: p-chat against a bare `ws` relay measured in the same run, on this machine.
// Prints throughput, p50/p99 latency, lost and duplicate counts, RSS per idle socket, and each
// figure as a ratio to the reference. Flags: --quick (smaller loads), --embedded (no PostgreSQL:
// p-chat on its embedded engine; the history scenario is skipped).
import { registerUsers, targets } from './lib/clients.mjs';
import { startBareRelay, startPChat } from './lib/processes.mjs';
import { createFreshDatabase } from '../test/helpers/fresh-database.mjs';
import { fmt, ratio } from './lib/stats.mjs';
import { dmLatency, dmThroughput } from './scenarios/dm.mjs';
import { historyPage } from './scenarios/history.mjs';
import { idleSockets } from './scenarios/idle.mjs';
import { createRoomWithMembers, roomFanout } from './scenarios/room.mjs';

const quick = process.argv.includes('--quick');
const embedded = process.argv.includes('--embedded');
/** `--only=dm,room` runs a subset of: dm, latency, room, idle, history. */
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
const scenarios = {
  async dm({ pchat, bare, users }) {
    const pairs = users.slice(0, size.pairs * 2);
    const p = await dmThroughput(pchat, pairs, size);
    const b = await dmThroughput(bare, pairs, size);
    report('dm throughput', 'msg/s', p.throughput, b.throughput, '≥ 0.25×');
    report('dm throughput', 'p99 ms (saturated)', p.p99, b.p99);
    report('dm throughput', 'lost', p.lost, b.lost, '0');
    report('dm throughput', 'duplicates', p.duplicates, b.duplicates, '0');
  },
  async latency({ pchat, bare, users }) {
    const pairs = users.slice(0, size.pairs * 2);
    const load = { rate: size.latencyRate, seconds: size.latencySeconds };
    const p = await dmLatency(pchat, pairs, load);
    const b = await dmLatency(bare, pairs, load);
    const name = `dm @ ${size.latencyRate} msg/s`;
    report(name, 'p50 ms', p.p50, b.p50);
    report(name, 'p99 ms', p.p99, b.p99, '≤ 10 ms');
    report(name, 'lost', p.lost, b.lost, '0');
  },
  async room({ pchat, bare, users }) {
    const members = users.slice(0, size.roomMembers);
    const roomId = await createRoomWithMembers(pchat.server.http, members);
    const load = { roomId, rate: size.roomRate, seconds: size.roomSeconds };
    const p = await roomFanout(pchat, members, load);
    const b = await roomFanout(bare, members, load);
    const name = `room ×${size.roomMembers} @ ${size.roomRate} msg/s`;
    report(name, 'p50 ms', p.p50, b.p50);
    report(name, 'p99 ms', p.p99, b.p99, '≤ 50 ms');
    report(name, 'lost deliveries', p.lost, b.lost, '0');
  },
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
  async history({ pchat, users, database }) {
    if (embedded) return;
    const load = { rows: size.historyRows, requests: size.historyRequests };
    const h = await historyPage(pchat, users[0], database, load);
    report(`history, ${size.historyRows} msgs`, 'p50 ms', h.p50, h.reference.p50);
    report(`history, ${size.historyRows} msgs`, 'p99 ms', h.p99, h.reference.p99, '≤ 5 ms');
  },
};

async function main() {
  const database = embedded ? { env: {}, drop: async () => {} } : await createFreshDatabase('p_chat_bench');
  const engine = embedded ? 'embedded PGlite' : 'PostgreSQL';
  console.log(`p-chat benchmark (${quick ? 'quick' : 'full'}, ${engine}), node ${process.version}`);
  const bare = await startBareRelay();
  const server = await startPChat({ ...P_CHAT_ENV, ...database.env });
  try {
    const users = await registerUsers(
      server.http,
      Math.max(size.pairs * 2, size.roomMembers),
      `b${Date.now().toString(36)}`,
    );
    const context = { pchat: targets.pchat(server), bare: targets.bare(bare), users, database };
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (!only || only.includes(name)) await scenario(context);
    }
  } finally {
    await server.stop();
    await bare.stop();
    await database.drop();
  }
  console.log('\nratio = p-chat / reference (bare ws relay; for history: GET /health on the same server).');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
