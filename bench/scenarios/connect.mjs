// Connects (issue 13): authenticated upgrades (p-chat: `/ws?token=`, each checked against its session;
// the bare relay: its room route, nothing checked). A burst — `burst` sockets created at once, each
// timed from its creation to `open` — then a steady rate — `rate` connects a second for `seconds`,
// each socket closed as soon as it opened — reporting how many opened, the latencies and the rate
// actually completed (opened sockets over the time from the first offer to the last open).
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { closeAll } from '../lib/clients.mjs';
import { cpuSeconds } from '../lib/processes.mjs';
import { paced } from '../lib/pacing.mjs';
import { summarize } from '../lib/stats.mjs';

/** Resolves with the open latency in ms, or undefined when the upgrade failed. */
function timedConnect(url, onOpen) {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      const ms = performance.now() - started;
      onOpen(socket);
      resolve(ms);
    });
    socket.once('error', () => resolve(undefined));
    socket.once('unexpected-response', (_, response) => {
      response.resume();
      socket.terminate();
      resolve(undefined);
    });
  });
}

const settle = (ms) => new Promise((r) => setTimeout(r, ms));

export async function connectBurst(target, users, { burst }) {
  const sockets = [];
  const urls = Array.from({ length: burst }, (_, i) => target.roomUrl(users[i % users.length], 'connect'));
  const cpuBefore = cpuSeconds(target.server.pid);
  const results = await Promise.all(urls.map((url) => timedConnect(url, (s) => sockets.push(s))));
  const latencies = results.filter((ms) => ms !== undefined);
  // The server's CPU per opened socket, the burst's bookkeeping after `open` (presence) included.
  await settle(500);
  const cpuUsPerConnect = ((cpuSeconds(target.server.pid) - cpuBefore) * 1e6) / Math.max(1, latencies.length);
  await closeAll(sockets);
  await settle(1000); // the closes' bookkeeping (presence) is not part of the next measurement
  return { offered: burst, opened: latencies.length, cpuUsPerConnect, ...summarize(latencies) };
}

export async function connectSteady(target, users, { rate, seconds }) {
  const pending = [];
  let lastOpen = 0;
  const started = performance.now();
  const offered = await paced(rate, seconds, (i) => {
    pending.push(
      timedConnect(target.roomUrl(users[i % users.length], 'connect'), (socket) => {
        lastOpen = performance.now();
        socket.terminate();
      }),
    );
  });
  const latencies = (await Promise.all(pending)).filter((ms) => ms !== undefined);
  await settle(1000);
  const elapsed = (lastOpen - started) / 1000;
  return {
    offered,
    opened: latencies.length,
    completedPerSecond: elapsed > 0 ? latencies.length / elapsed : 0,
    ...summarize(latencies),
  };
}
