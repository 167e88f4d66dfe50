// Starts the servers under test as child processes on 127.0.0.1 and reads their memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

/** User + system CPU seconds the process has used so far (Linux: /proc/<pid>/stat, in clock ticks). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
const CLOCK_TICKS_PER_SECOND = 100;

function waitFor(child, pattern, timeoutMs, label) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk.toString();
      if (pattern.test(buffer)) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${label} exited early with ${code}: ${buffer.slice(-2000)}`)),
    );
  });
}

async function waitForHealth(http, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`p-chat exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${http}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`p-chat did not become healthy within ${timeoutMs} ms`);
}

function stopper(child, cleanup = () => {}) {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };
}

export async function startBareRelay() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [new URL('../bare-relay.mjs', import.meta.url).pathname, String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await waitFor(child, /READY/, 10_000, 'bare relay');
  return {
    name: 'bare relay',
    pid: child.pid,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    stop: stopper(child),
  };
}

/** The node flags `npm start` runs the server with (package.json), so the bench measures the same. */
const START_FLAGS = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  .scripts.start.split(' ')
  .filter((arg) => arg.startsWith('--'));

/** Every p-chat the bench starts signs with it (bench/lib/population.mjs mints tokens with it too). */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/**
 * The built p-chat server (dist/, or the entry file BENCH_PCHAT_MAIN names: another build to compare)
 * with `npm start`'s node flags, embedded database in a fresh DATA_DIR unless PSQL_* are in `env`.
 * `reuse` (`{ port, dataDir }` of an earlier server) starts it again on the same address and data: the
 * caller then owns the directory (`stop` leaves it). `kill(signal)` resolves once the process is gone.
 */
export async function startPChat(env = {}, reuse = undefined) {
  const port = reuse?.port ?? (await freePort());
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'p-chat-bench-'));
  const nodeFlags = process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [];
  const main = process.env.BENCH_PCHAT_MAIN ?? 'dist/server.mjs';
  const child = spawn(process.execPath, [...START_FLAGS, ...nodeFlags, main], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      HTTP_HOST: `127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      JWT_SECRET: BENCH_JWT_SECRET,
      AUTH_RATE_LIMIT: '1000000',
      AUTH_RATE_LIMIT_IP: '1000000',
      ...env,
    },
  });
  const http = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  // Drained, so a chatty server never blocks on a full pipe; the tail is kept for error reports.
  let tail = '';
  child.stdout.on('data', (chunk) => (tail = (tail + chunk.toString()).slice(-8000)));
  await waitForHealth(http, child, 90_000);
  return {
    name: 'p-chat',
    pid: child.pid,
    http,
    ws: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    output: () => tail,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    stop: stopper(child, () => reuse || rmSync(dataDir, { recursive: true, force: true })),
  };
}
