// `GET /health` at a fixed offered rate (issue 13: p99 ≤ 2 ms at 1000 req/s), each request timed from
// its send to the end of its body, over a pool of keep-alive connections (node:http: fetch costs the
// load generator several times more CPU per request). The reference answers the same GET from the
// bare relay's HTTP server (a 404 with no body: Node's HTTP stack alone).
import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { paced } from '../lib/pacing.mjs';
import { summarize } from '../lib/stats.mjs';

function timedGet(url, agent) {
  const started = performance.now();
  return new Promise((resolve) => {
    get(url, { agent }, (response) => {
      response.resume();
      response.once('end', () => resolve({ ms: performance.now() - started, status: response.statusCode }));
    }).once('error', () => resolve({ ms: NaN, status: 0 }));
  });
}

/**
 * The offered rate for `seconds`, after `warmSeconds` at the same rate that are reported apart (`cold`):
 * a server that has not served HTTP yet runs its request path unoptimised at first and falls ~0.5 s
 * behind in the first second at 1000 req/s (seen here), which is start-up, not the steady state the
 * target is about.
 */
export async function healthAtRate(http, { rate, seconds, warmSeconds = 2, expectOk = true }) {
  const url = `${http}/health`;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const atRate = async (forSeconds) => {
    const inFlight = [];
    await paced(rate, forSeconds, () => inFlight.push(timedGet(url, agent)));
    const results = await Promise.all(inFlight);
    const ok = results.filter((r) => r.status !== 0 && (!expectOk || r.status === 200));
    return { failed: results.length - ok.length, ...summarize(ok.map((r) => r.ms)) };
  };
  try {
    const cold = await atRate(warmSeconds);
    return { ...(await atRate(seconds)), cold };
  } finally {
    agent.destroy();
  }
}
