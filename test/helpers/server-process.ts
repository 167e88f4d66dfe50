// The built server as `npm start` runs it (dist/server.mjs, the bundle) as a child process, for what
// only a real process shows: signals, exit codes, kill -9. Builds first when dist is older than the sources.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from './free-port.js';
import { TEST_JWT_SECRET } from './tokens.js';

// npm runs the tests from the package root.
const ROOT = resolve(process.cwd());
/** What `npm start` runs. */
export const SERVER_ENTRY = join(ROOT, 'dist', 'server.mjs');

/** Builds when dist/ is missing or older than a source: the same check `npm start` makes (prestart). */
export function ensureBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs')], {
    cwd: ROOT,
    stdio: 'ignore',
    timeout: 180_000,
  });
}

/** Every real-database variable blanked (test:pg sets them), so the child runs the embedded engine. */
export const EMBEDDED_DATABASE_ENV: Record<string, string> = Object.fromEntries(
  ['PSQL_HOST', 'PSQL_PORT', 'PSQL_USER', 'PSQL_PASSWORD', 'PSQL_DB', 'DATABASE_URL'].map((name) => [
    name,
    '',
  ]),
);

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export async function startServer(
  options: { env?: Record<string, string | undefined>; dataDir?: string; port?: number } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'p-chat-proc-'));
  let output = '';
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      HTTP_HOST: `127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown')),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  await waitFor(() => ended || output.includes('"msg":"listening"'), 60_000, 'the server to listen');
  if (ended) throw new Error(`server exited during startup:\n${output}`);
  return { url: `http://127.0.0.1:${port}`, port, dataDir, child, output: () => output, exited };
}

/** `kill -9`: no shutdown hook runs. Resolves once the process is gone. */
export async function killHard(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}
