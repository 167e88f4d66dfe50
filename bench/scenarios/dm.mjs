// DM pairs over the flash protocol (/chats/:username): maximum throughput with a bounded window per
// sender, and delivery latency at a fixed offered rate.
import { performance } from 'node:perf_hooks';
import { closeAll, connectAll } from '../lib/clients.mjs';
import { cpuSeconds, rssBytes } from '../lib/processes.mjs';
import { paced } from '../lib/pacing.mjs';
import { summarize } from '../lib/stats.mjs';

async function openPairs(target, users) {
  const pairs = [];
  for (let i = 0; i + 1 < users.length; i += 2) pairs.push({ sender: users[i], receiver: users[i + 1] });
  const senderSockets = await connectAll(pairs.map((p) => target.dmUrl(p.sender, p.receiver)));
  const receiverSockets = await connectAll(pairs.map((p) => target.dmUrl(p.receiver, p.sender)));
  return { pairs, senderSockets, receiverSockets };
}

function tracker(pairCount) {
  const seen = Array.from({ length: pairCount }, () => new Set());
  const latencies = [];
  let received = 0;
  let duplicates = 0;
  return {
    onFrame(raw) {
      const { body } = JSON.parse(raw.toString());
      if (typeof body !== 'string') return undefined;
      const [pair, index, sentAt] = body.split(':');
      const set = seen[Number(pair)];
      if (set.has(index)) {
        duplicates += 1;
        return undefined;
      }
      set.add(index);
      received += 1;
      latencies.push(performance.now() - Number(sentAt));
      return Number(pair);
    },
    get received() {
      return received;
    },
    get duplicates() {
      return duplicates;
    },
    latencies,
  };
}

const waitUntil = async (predicate, timeoutMs) => {
  const deadline = performance.now() + timeoutMs;
  while (!predicate() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
};

/**
 * The saturated runs' [start, end] on the monotonic clock in µs (CLOCK_MONOTONIC, the clock of V8's
 * profile timestamps), so `--profile` can report the DM window alone, without startup and sign-ups.
 */
export const saturatedWindows = [];
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Samples the server's RSS every 100 ms until stopped; `stop()` returns the maximum in MiB. */
function rssSampler(pid) {
  let max = rssBytes(pid);
  const timer = setInterval(() => {
    max = Math.max(max, rssBytes(pid));
  }, 100);
  return () => {
    clearInterval(timer);
    return Math.max(max, rssBytes(pid)) / 2 ** 20;
  };
}

/**
 * Each sender keeps at most `window` messages in flight (sent, not yet received by its peer). Also
 * reports the server's CPU (user + system) per delivered message and its RSS maximum during the run.
 */
export async function dmThroughput(target, users, { perSender, window, timeoutMs = 60_000 }) {
  const { pairs, senderSockets, receiverSockets } = await openPairs(target, users);
  const pid = target.server.pid;
  const track = tracker(pairs.length);
  const sent = new Array(pairs.length).fill(0);
  const inFlight = new Array(pairs.length).fill(0);
  const pump = (pair) => {
    while (inFlight[pair] < window && sent[pair] < perSender) {
      senderSockets[pair].send(`${pair}:${sent[pair]}:${performance.now()}`);
      sent[pair] += 1;
      inFlight[pair] += 1;
    }
  };
  receiverSockets.forEach((socket) =>
    socket.on('message', (raw) => {
      const pair = track.onFrame(raw);
      if (pair === undefined) return;
      inFlight[pair] -= 1;
      pump(pair);
    }),
  );
  const expected = pairs.length * perSender;
  const stopRss = rssSampler(pid);
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  const window0 = monotonicUs();
  pairs.forEach((_, pair) => pump(pair));
  await waitUntil(() => track.received >= expected, timeoutMs);
  const seconds = (performance.now() - started) / 1000;
  if (target.server.name === 'p-chat') saturatedWindows.push([window0, monotonicUs()]);
  const cpuUsPerMessage = ((cpuSeconds(pid) - cpuBefore) * 1e6) / track.received;
  const rssMaxMiB = stopRss();
  await new Promise((r) => setTimeout(r, 300)); // late duplicates would show here
  await closeAll([...senderSockets, ...receiverSockets]);
  return {
    throughput: track.received / seconds,
    lost: expected - track.received,
    duplicates: track.duplicates,
    cpuUsPerMessage,
    rssMaxMiB,
    ...summarize(track.latencies),
  };
}

/** Offers `rate` messages per second spread over all senders for `seconds`, then drains. */
export async function dmLatency(target, users, { rate, seconds }) {
  const { pairs, senderSockets, receiverSockets } = await openPairs(target, users);
  const track = tracker(pairs.length);
  receiverSockets.forEach((socket) => socket.on('message', (raw) => track.onFrame(raw)));
  const counters = new Array(pairs.length).fill(0);
  const total = await paced(rate, seconds, (sent) => {
    const pair = sent % pairs.length;
    senderSockets[pair].send(`${pair}:${counters[pair]++}:${performance.now()}`);
  });
  await waitUntil(() => track.received >= total, 10_000);
  await closeAll([...senderSockets, ...receiverSockets]);
  return {
    offered: rate,
    lost: total - track.received,
    duplicates: track.duplicates,
    ...summarize(track.latencies),
  };
}
