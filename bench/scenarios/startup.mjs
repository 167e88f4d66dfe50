// `npm start` on an already built tree (issue 13: serves within 2 s): the time from spawning
// `npm start` to the first successful GET /health, on the default embedded engine (or on PostgreSQL
// when `env` carries PSQL_*). The first start in a new DATA_DIR also creates the embedded database
// and is reported apart; the figure is the median of the restarts that follow on the same DATA_DIR.
// Runs standalone too: `node bench/scenarios/startup.mjs [restarts]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '../lib/processes.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** One `npm start`; resolves with the milliseconds until /health answered 200. */
export async function timeToHealth(dataDir, env = {}, timeoutMs = 120_000) {
  const port = await freePort();
  const started = performance.now();
  // detached: npm, sh and node form one process group, stopped together below.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HTTP_HOST: `127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        await response.arrayBuffer();
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`npm start did not serve /health within ${timeoutMs} ms`);
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

/** A first start in a fresh DATA_DIR, then `restarts` more on it; the median is of the restarts. */
export async function startupTime(restarts = 3, env = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'p-chat-start-'));
  try {
    const first = await timeToHealth(dataDir, env);
    const times = [];
    for (let i = 0; i < restarts; i += 1) times.push(await timeToHealth(dataDir, env));
    const sorted = [...times].sort((a, b) => a - b);
    return { first, times, median: sorted[Math.floor(sorted.length / 2)] };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { first, times, median } = await startupTime(Number(process.argv[2] ?? 3));
  const ms = (t) => t.toFixed(0);
  console.log(`npm start → GET /health 200: first start ${ms(first)} ms (new DATA_DIR);`);
  console.log(`  restarts ${times.map(ms).join(', ')} ms; median ${ms(median)} ms`);
}
