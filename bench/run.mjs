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

const rows = [];
const report = (scenario, metric, value, reference, target, better = 'higher') => {
  const r = ratio(value, reference);
  rows.push({ scenario, metric, value, reference, r, target, better });
  console.log(
    `${scenario.padEnd(26)} ${metric.padEnd(22)} p-chat ${fmt(value).padStart(10)}  ref ${fmt(reference).padStart(10)}  ratio ${fmt(r)}${target ? `  (target ${target})` : ''}`,
  );
};

async function withServers(database, run) {
  const bare = await startBareRelay();
  const pchat = await startPChat({ ...P_CHAT_ENV, ...database.env });
  try {
    await run(targets.pchat(pchat), targets.bare(bare));
  } finally {
    await pchat.stop();
    await bare.stop();
  }
}

async function main() {
  const database = embedded ? { env: {}, drop: async () => {} } : await createFreshDatabase('p_chat_bench');
  console.log(
    `p-chat benchmark (${quick ? 'quick' : 'full'}, ${embedded ? 'embedded PGlite' : 'PostgreSQL'}), node ${process.version}`,
  );
  try {
    await withServers(database, async (pchat, bare) => {
      const users = await registerUsers(
        pchat.server.http,
        Math.max(size.pairs * 2, size.roomMembers),
        `b${Date.now().toString(36)}`,
      );

      const dmP = await dmThroughput(pchat, users.slice(0, size.pairs * 2), size);
      const dmB = await dmThroughput(bare, users.slice(0, size.pairs * 2), size);
      report('dm throughput', 'msg/s', dmP.throughput, dmB.throughput, '≥ 0.25×');
      report('dm throughput', 'p99 ms (saturated)', dmP.p99, dmB.p99, '', 'lower');
      report('dm throughput', 'lost', dmP.lost, dmB.lost, '0', 'lower');
      report('dm throughput', 'duplicates', dmP.duplicates, dmB.duplicates, '0', 'lower');

      const latP = await dmLatency(pchat, users.slice(0, size.pairs * 2), {
        rate: size.latencyRate,
        seconds: size.latencySeconds,
      });
      const latB = await dmLatency(bare, users.slice(0, size.pairs * 2), {
        rate: size.latencyRate,
        seconds: size.latencySeconds,
      });
      report(`dm @ ${size.latencyRate} msg/s`, 'p50 ms', latP.p50, latB.p50, '', 'lower');
      report(`dm @ ${size.latencyRate} msg/s`, 'p99 ms', latP.p99, latB.p99, '≤ 10 ms', 'lower');
      report(`dm @ ${size.latencyRate} msg/s`, 'lost', latP.lost, latB.lost, '0', 'lower');

      const roomId = await createRoomWithMembers(pchat.server.http, users.slice(0, size.roomMembers));
      const roomP = await roomFanout(pchat, users.slice(0, size.roomMembers), {
        roomId,
        rate: size.roomRate,
        seconds: size.roomSeconds,
      });
      const roomB = await roomFanout(bare, users.slice(0, size.roomMembers), {
        roomId,
        rate: size.roomRate,
        seconds: size.roomSeconds,
      });
      report(
        `room ×${size.roomMembers} @ ${size.roomRate} msg/s`,
        'p50 ms',
        roomP.p50,
        roomB.p50,
        '',
        'lower',
      );
      report(
        `room ×${size.roomMembers} @ ${size.roomRate} msg/s`,
        'p99 ms',
        roomP.p99,
        roomB.p99,
        '≤ 50 ms',
        'lower',
      );
      report(
        `room ×${size.roomMembers} @ ${size.roomRate} msg/s`,
        'lost deliveries',
        roomP.lost,
        roomB.lost,
        '0',
        'lower',
      );

      const idleP = await idleSockets(pchat, users, {
        count: size.idle,
        url: (user) => `${pchat.server.ws}/ws?token=${user.token}`,
      });
      const idleB = await idleSockets(bare, users, {
        count: size.idle,
        url: (user, peer) => bare.dmUrl(user, peer),
      });
      report(
        `${size.idle} idle sockets`,
        'bytes per socket',
        idleP.bytesPerSocket,
        idleB.bytesPerSocket,
        '≤ 2×',
        'lower',
      );

      if (!embedded) {
        const history = await historyPage(pchat, users[0], database, {
          rows: size.historyRows,
          requests: size.historyRequests,
        });
        report(
          `history, ${size.historyRows} msgs`,
          'p50 ms',
          history.p50,
          history.reference.p50,
          '',
          'lower',
        );
        report(
          `history, ${size.historyRows} msgs`,
          'p99 ms',
          history.p99,
          history.reference.p99,
          '≤ 5 ms',
          'lower',
        );
      }
    });
  } finally {
    await database.drop();
  }
  console.log('\nratio = p-chat / reference (bare ws relay; for history: GET /health on the same server).');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
