// Sign-in storm (issues 13 and 14): `logins` POST /login at once (each an argon2 verify, run off the
// event loop) while `watchers` already open /ws sockets keep sending `ping`. The event-loop lag open
// sockets see is the ping → pong round trip during the storm; the server's own
// `nodejs_eventloop_lag_p99_seconds` over the storm is read from /metrics beside it.
import { performance } from 'node:perf_hooks';
import { closeAll, connectAll } from '../lib/clients.mjs';
import { summarize } from '../lib/stats.mjs';
import { serverLoopLagP99Ms } from '../lib/storm-setup.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each socket pings, waits for its pong, waits `everyMs`, pings again; `stop()` returns the round trips. */
function pinger(sockets, everyMs) {
  let running = true;
  const rtts = [];
  const loops = sockets.map(async (socket) => {
    while (running) {
      const sentAt = performance.now();
      await new Promise((resolve) => {
        const onFrame = (raw) => {
          if (!raw.toString().startsWith('{"event":"pong"')) return;
          socket.off('message', onFrame);
          resolve();
        };
        socket.on('message', onFrame);
        socket.send('{"event":"ping","data":{}}');
      });
      rtts.push(performance.now() - sentAt);
      await sleep(everyMs);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return rtts;
    },
  };
}

/**
 * `users`: accounts with the bench password; the first `watchers` hold the open sockets, the next
 * `logins` sign in all at once. Returns the logins' outcome and latency, and the ping round trips
 * before (baseline) and during the storm.
 */
export async function signInStorm(
  server,
  users,
  { logins, watchers = 20, pingEveryMs = 10, password = 'bench-password' },
) {
  const sockets = await connectAll(users.slice(0, watchers).map((u) => `${server.ws}/ws?token=${u.token}`));
  await sleep(500);
  const baseline = pinger(sockets, pingEveryMs);
  await sleep(2000);
  const baselineRtts = await baseline.stop();
  await serverLoopLagP99Ms(server.http); // resets the server's histogram: the next read covers the storm
  const during = pinger(sockets, pingEveryMs);
  const started = performance.now();
  const answers = await Promise.all(
    users.slice(watchers, watchers + logins).map(async (user) => {
      const sentAt = performance.now();
      try {
        const response = await fetch(`${server.http}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: user.username, password }),
        });
        const body = await response.json();
        return {
          ok: response.status === 200 && typeof body.content?.token === 'string',
          ms: performance.now() - sentAt,
        };
      } catch (error) {
        return { ok: false, ms: performance.now() - sentAt, error: String(error) };
      }
    }),
  );
  const stormMs = performance.now() - started;
  const rtts = await during.stop();
  const serverLagP99 = await serverLoopLagP99Ms(server.http);
  await closeAll(sockets);
  return {
    logins,
    answered: answers.filter((answer) => answer.ok).length,
    stormMs,
    login: summarize(answers.map((answer) => answer.ms)),
    baseline: summarize(baselineRtts),
    ping: summarize(rtts),
    serverLagP99,
  };
}
