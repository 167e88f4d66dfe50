// What /metrics costs (issue 13): the saturated DM relay on the same build with metrics on and with
// METRICS_ENABLED=false (a second server), in alternating rounds so a busy neighbour on a shared box
// slows both alike. Reports throughput and server CPU per delivered message, each as on / off.
import { cpuSeconds } from '../lib/processes.mjs';
import { dmThroughput } from './dm.mjs';

async function measured(side, load) {
  const cpuBefore = cpuSeconds(side.target.server.pid);
  const run = await dmThroughput(side.target, side.users, load);
  const delivered = (side.users.length / 2) * load.perSender - run.lost;
  return {
    throughput: run.throughput,
    cpuUsPerMessage: ((cpuSeconds(side.target.server.pid) - cpuBefore) * 1e6) / delivered,
    lost: run.lost,
    duplicates: run.duplicates,
  };
}

const mean = (runs, key) => runs.reduce((sum, run) => sum + run[key], 0) / runs.length;

/** `on`/`off`: `{ target, users }` of each server; `rounds` measured runs each, after one warm-up. */
export async function metricsCost(on, off, load, rounds = 2) {
  const warmUp = { ...load, perSender: Math.max(50, Math.ceil(load.perSender / 10)) };
  await dmThroughput(on.target, on.users, warmUp);
  await dmThroughput(off.target, off.users, warmUp);
  const results = { on: [], off: [] };
  for (let round = 0; round < rounds; round += 1) {
    // Alternate who goes first: the second run of a pair meets a warmer database.
    const order = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
    for (const side of order) results[side].push(await measured(side === 'on' ? on : off, load));
  }
  const summary = (runs) => ({
    throughput: mean(runs, 'throughput'),
    cpuUsPerMessage: mean(runs, 'cpuUsPerMessage'),
    lost: runs.reduce((sum, run) => sum + run.lost, 0),
    duplicates: runs.reduce((sum, run) => sum + run.duplicates, 0),
  });
  return { on: summary(results.on), off: summary(results.off) };
}
