// What the storm scenarios share: rooms made over REST in parallel, server memory sampling, the
// server's own event-loop lag from /metrics, and the one report line format of bench/run.mjs.
import { rssBytes } from './processes.mjs';
import { fmt } from './stats.mjs';

async function inParallel(count, concurrency, work) {
  let next = 0;
  async function worker() {
    while (next < count) await work(next++);
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

async function call(url, token, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** One group room per list of users, owned by its first user; rooms and members added 16 at a time. */
export async function createRooms(http, groups, concurrency = 16) {
  const ids = new Array(groups.length);
  await inParallel(groups.length, concurrency, async (i) => {
    ids[i] = (await call(`${http}/rooms`, groups[i][0].token, { name: `storm ${i}` })).data.id;
  });
  const additions = groups.flatMap((group, i) => group.slice(1).map((user) => [i, user]));
  await inParallel(additions.length, concurrency, async (k) => {
    const [i, user] = additions[k];
    await call(`${http}/rooms/${ids[i]}/members`, groups[i][0].token, { username: user.username });
  });
  return ids;
}

/** Samples the process's RSS every `everyMs` until stopped; `stop()` returns the largest seen (bytes). */
export function sampleRss(pid, everyMs = 250) {
  let max = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssBytes(pid));
    } catch {
      // the process is gone
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return max;
    },
  };
}

/**
 * `nodejs_eventloop_lag_p99_seconds` from the server's /metrics, in ms. prom-client's event-loop
 * histogram is reset at each scrape, so a scrape right before a load and one right after it give the
 * p99 over that load alone.
 */
export async function serverLoopLagP99Ms(http) {
  const text = await (await fetch(`${http}/metrics`)).text();
  const line = /^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text);
  return line ? Number(line[1]) * 1000 : NaN;
}

/** Raises nothing itself (Node cannot): warns when the open-file limit cannot hold `needed` sockets. */
export async function checkOpenFileLimit(needed) {
  const { readFileSync } = await import('node:fs');
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/Max open files\s+(\d+)/.exec(limits)?.[1] ?? Infinity);
  if (soft < needed)
    throw new Error(
      `ulimit -n is ${soft}: the storm needs about ${needed} descriptors in this process (and as many in ` +
        `the server, which inherits the limit); run \`ulimit -n ${needed + 1000}\` first`,
    );
  return soft;
}

/**
 * One line in bench/run.mjs's format; "ref" is the limit the figure must hold, `met` whether it does
 * (undefined: a figure reported without a limit).
 */
export function storm(scenario, metric, value, limit, met, target = '') {
  const verdict = met === undefined ? '' : met ? '  met' : '  NOT met';
  console.log(
    `${scenario.padEnd(26)} ${metric.padEnd(20)} p-chat ${fmt(value).padStart(10)}  ref ${fmt(limit).padStart(10)}` +
      `${target ? `  (target ${target})` : ''}${verdict}`,
  );
}
