// Hot room (issue 14): one room of thousands of members on /ws, messages in at a fixed rate; delivery
// latency to every reading member, sockets dropped, the server's largest RSS. With `slow`, that many
// more members connect and stop reading at once (their TCP socket paused): the server must cut them at
// its send-buffer bound (close 4008, counted by `ws_disconnects_total{reason="slow_consumer"}`) without
// the readers' latency suffering.
import { performance } from 'node:perf_hooks';
import { closeAll, connect } from '../lib/clients.mjs';
import { paced } from '../lib/pacing.mjs';
import { rssBytes } from '../lib/processes.mjs';
import { summarize } from '../lib/stats.mjs';
import { sampleRss } from '../lib/storm-setup.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `body` of a `message` frame without parsing the whole frame (the generator reads ~10⁵ a second). */
function bodyOf(text) {
  const at = text.indexOf('"body":"');
  if (at < 0 || !text.startsWith('{"event":"message"')) return undefined;
  return text.slice(at + 8, text.indexOf('"', at + 8));
}

async function counters(server) {
  if (server.name !== 'p-chat') return { slowCut: NaN, open: NaN };
  // A server still working through its backlog may not answer in time: the figure is then n/a.
  const text = await fetch(`${server.http}/metrics`, { signal: globalThis.AbortSignal.timeout(10_000) })
    .then((response) => response.text())
    .catch(() => '');
  if (text === '') return { slowCut: NaN, open: NaN };
  const read = (pattern) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    slowCut: read(/^ws_disconnects_total\{[^}]*reason="slow_consumer"[^}]*\} (\S+)$/m),
    open: read(/^ws_connections\{[^}]*protocol="ws"[^}]*\} (\S+)$/m),
  };
}

/**
 * Opens the sockets `concurrency` at a time; a refused upgrade (503 while the database is swamped by
 * the members' presence burst) is retried after a jittered pause, as a client would. Returns the
 * sockets and how many upgrades were refused on the way.
 */
async function connectRetrying(urls, concurrency = 50) {
  const sockets = new Array(urls.length);
  let next = 0;
  let refused = 0;
  async function worker() {
    while (next < urls.length) {
      const index = next++;
      for (let attempt = 0; !sockets[index]; attempt += 1) {
        try {
          sockets[index] = await connect(urls[index]);
        } catch (error) {
          refused += 1;
          if (attempt >= 20) throw error;
          await sleep(200 + Math.random() * 800);
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  return { sockets, refused };
}

/**
 * `readers`/`slow`: users (members of `roomId`); the first `senders` readers send, `rate` messages a
 * second for `seconds`, each body padded by `bodyBytes`. `bulk` (`{ roomId, sender, rate, body }`): a
 * room of the slow members and `sender`, who sends `body` there at `rate` during the load, so the
 * paused sockets get enough bytes to pass the kernel's buffers (several MiB per loopback socket) and
 * reach the server's bound within the run. Returns latency over every reader delivery, lost
 * deliveries, readers dropped, slow sockets cut, and the server's RSS before and at its largest.
 */
export async function hotRoom(
  target,
  { roomId, readers, slow = [], rate, seconds, senders = 20, bodyBytes = 0, bulk, pauseSlow = true },
) {
  const padding = bodyBytes > 0 ? `:${'x'.repeat(bodyBytes)}` : '';
  const server = target.server;
  const url = (user) => target.roomUrl(user, roomId);
  const opened = await connectRetrying(readers.map(url));
  const readerSockets = opened.sockets;
  const openedSlow = await connectRetrying(slow.map(url));
  const slowSockets = openedSlow.sockets;
  // Stop reading at once: nothing more is taken off the TCP socket, so the server's buffer fills.
  // `pauseSlow: false` (a control run): the same members and traffic, read as usual.
  if (pauseSlow) for (const socket of slowSockets) socket._socket.pause();
  let dropped = 0;
  let running = true;
  const latencies = [];
  let lastFrameAt = performance.now();
  for (const socket of readerSockets) {
    socket.on('close', () => running && (dropped += 1));
    socket.on('message', (raw) => {
      lastFrameAt = performance.now();
      const body = bodyOf(raw.toString());
      if (body === undefined || !body.startsWith('h')) return;
      latencies.push(performance.now() - Number(body.split(':')[1]));
    });
  }
  // The members' presence burst on connecting is not part of the measured delivery.
  const settleStarted = performance.now();
  const settleDeadline = settleStarted + 60_000;
  while (performance.now() - lastFrameAt < 1000 && performance.now() < settleDeadline) await sleep(100);
  const before = await counters(server);
  const rssBefore = rssBytes(server.pid);
  const rss = sampleRss(server.pid);
  const started = performance.now();
  const bulkSender = bulk
    ? (await connectRetrying([target.roomUrl(bulk.sender, bulk.roomId)])).sockets[0]
    : null;
  const bulkLoad = bulk
    ? paced(bulk.rate, seconds, (n) =>
        bulkSender.send(target.roomFrame(bulk.roomId, bulk.body, `b${started}-${n}`)),
      )
    : Promise.resolve(0);
  const total = await paced(rate, seconds, (n) =>
    readerSockets[n % senders].send(
      target.roomFrame(roomId, `h${n}:${performance.now()}${padding}`, `h${started}-${n}`),
    ),
  );
  await bulkLoad;
  const expected = total * readers.length;
  const deadline = performance.now() + 15_000;
  while (latencies.length < expected && performance.now() < deadline) await sleep(20);
  // A cut socket counts once it is gone: up to the server's close-handshake timeout (5 s) after the cut.
  let after = await counters(server);
  const cutDeadline = performance.now() + 10_000;
  while (after.slowCut - before.slowCut < slow.length && performance.now() < cutDeadline) {
    await sleep(500);
    after = await counters(server);
  }
  const maxRss = rss.stop();
  running = false;
  for (const socket of slowSockets) socket._socket.resume();
  await closeAll([...readerSockets, ...slowSockets, ...(bulkSender ? [bulkSender] : [])]);
  return {
    readers: readers.length,
    slow: slow.length,
    offered: total,
    deliveries: latencies.length,
    lost: expected - latencies.length,
    dropped,
    slowCut: after.slowCut - before.slowCut,
    refusedUpgrades: opened.refused + openedSlow.refused,
    settledMs: started - settleStarted,
    rssBeforeMiB: rssBefore / 2 ** 20,
    maxRssMiB: maxRss / 2 ** 20,
    ...summarize(latencies),
  };
}
