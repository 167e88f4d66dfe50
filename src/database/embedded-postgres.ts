// Serves an in-process PGlite over the Postgres wire protocol so TypeORM's ordinary `pg` driver
// talks to it exactly as it talks to a real server: one code path for both engines.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock.js';
import { ensurePrivateDir, holdPrivateUmask, tightenTree } from '../common/private-files.js';

/**
 * One pooled connection. PGlite is a single backend session: pglite-socket queues each wire message
 * separately, so the extended-protocol messages (Parse/Bind/Execute/Sync) of two connections interleave
 * and clobber each other's unnamed statement ("unnamed prepared statement does not exist", lost replies
 * and hung clients under concurrent parameterised queries). PGlite runs one query at a time anyway, so a
 * single connection costs no throughput. The server keeps spare slots for non-pool clients.
 */
export const EMBEDDED_MAX_CONNECTIONS = 1;

export interface EmbeddedPostgres {
  /** The directory of the Unix socket (how `pg` names a socket: `<host>/.s.PGSQL.<port>`). */
  host: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The engine has no password and runs every session as superuser, so it is served on a Unix socket
 * inside the 0700 DATA_DIR, never on TCP: no other OS user (or container on the host network) can
 * reach it. `pg` finds the socket as `<directory>/.s.PGSQL.<port>`; the port is only part of the name.
 */
const SOCKET_PORT = 5432;
/** sun_path holds 108 bytes on Linux, 104 on macOS. */
const MAX_SOCKET_PATH = 100;

/**
 * PGlite's own start parameters plus a smaller buffer pool: its default shared_buffers is 128 MB of wasm
 * memory on top of Node's. The files also sit in the OS page cache (the engine writes through to them),
 * so 16 MB costs the hot rows of a chat little. Measured opening an existing directory: process RSS
 * 308 → 186 MiB.
 */
const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** Creates a new data directory in a child process: PGlite's initdb and a first start, then exit. */
const INITDB_SCRIPT = `
const [pglite, directory, params] = process.argv.slice(1);
const { PGlite } = require(pglite);
PGlite.create(directory, { startParams: JSON.parse(params) })
  .then((db) => db.close())
  .catch((error) => { console.error(error && error.stack ? error.stack : String(error)); process.exit(1); });
`;

function initInChild(directory: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ['-e', INITDB_SCRIPT, pglite, directory, JSON.stringify(EMBEDDED_START_PARAMS)],
      { env: process.env, maxBuffer: 4 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error)
          reject(new Error(`embedded engine: creating ${directory} failed: ${stderr || error.message}`));
        else resolvePromise();
      },
    );
  });
}

/**
 * Opens the engine. A new directory is created first by a short-lived child process: PGlite runs
 * initdb in a wasm instance of its own, and in this process its memory stayed mapped (902 MiB RSS idle
 * after a first start; ~460 MiB when created, closed and reopened in-process). The child costs a node
 * start and one extra open of the directory, on a first start only.
 */
async function openEngine(directory: string): Promise<PGlite> {
  if (!existsSync(join(directory, 'PG_VERSION'))) await initInChild(directory);
  return PGlite.create(directory, { startParams: EMBEDDED_START_PARAMS });
}

function socketDirectoryFor(dataDir: string): { directory: string; cleanup(): void } {
  const inside = realpathSync(dataDir);
  if (Buffer.byteLength(join(inside, `.s.PGSQL.${SOCKET_PORT}`)) <= MAX_SOCKET_PATH)
    return { directory: inside, cleanup: () => undefined };
  // A DATA_DIR path too long for a socket: a private 0700 directory of the temp dir instead.
  const directory = mkdtempSync(join(tmpdir(), 'p-chat-pg-'));
  return { directory, cleanup: () => rmSync(directory, { recursive: true, force: true }) };
}

function removeStaleSocket(path: string): void {
  try {
    unlinkSync(path); // the data dir lock is held: a socket file here is a dead process's leftover
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  ensurePrivateDir(dataDir);
  const directory = resolve(dataDir, 'pgdata');
  ensurePrivateDir(directory);
  const lock = await lockDataDir(dataDir);
  const releaseUmask = holdPrivateUmask();
  const socket = socketDirectoryFor(dataDir);
  const socketPath = join(socket.directory, `.s.PGSQL.${SOCKET_PORT}`);
  let db: PGlite | undefined;
  try {
    removeStaleSocket(socketPath);
    // After a kill -9 Postgres replays its WAL here (PGlite writes through to the files, so every
    // committed transaction is in it); nothing to clean up by hand.
    db = await openEngine(directory);
    // A new directory is written by PGlite's initdb with explicit 0666 modes, past the umask; the
    // files Postgres makes afterwards follow the umask.
    tightenTree(directory);
    const server = new PGLiteSocketServer({
      db,
      path: socketPath,
      maxConnections: EMBEDDED_MAX_CONNECTIONS + 3,
    });
    await server.start();
    const opened = db;
    return {
      host: socket.directory,
      port: SOCKET_PORT,
      async stop() {
        try {
          await server.stop();
          await opened.close();
        } finally {
          socket.cleanup();
          releaseUmask();
          await lock.release();
        }
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    socket.cleanup();
    releaseUmask();
    await lock.release();
    throw error;
  }
}
