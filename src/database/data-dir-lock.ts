// One process per embedded data directory. PGlite's own postmaster.pid does not guard it: every PGlite
// backend has the same fake pid (the file says -42), so Postgres takes any existing lock file for its own
// stale one, and a second process opens the same files beside the first (two buffer caches, interleaved
// WAL: corruption).
//
// The lock is a Unix socket the owner listens on. The kernel answers for liveness: a connection to it
// succeeds only while the owner runs, and after `kill -9` the leftover file refuses connections, so it
// is stale and replaced. Nothing of the data is ever removed. (Two processes starting in the same
// instant over a stale file could both replace it; a supervisor restarting one server does not.)
import { createHash } from 'node:crypto';
import { realpathSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/env.js';

export interface DataDirLock {
  /** The lock socket: in the directory, or in the temp directory when a socket cannot live there. */
  path: string;
  release(): Promise<void>;
}

/** sun_path holds 108 bytes on Linux, 104 on macOS. */
const MAX_SOCKET_PATH = 100;

export function lockPathFor(directory: string): string {
  const inside = join(realpathSync(directory), 'p-chat.lock');
  return Buffer.byteLength(inside) <= MAX_SOCKET_PATH ? inside : hostLockPathFor(directory);
}

/** For a directory whose path is too long, or on a filesystem without sockets: one lock per host. */
function hostLockPathFor(directory: string): string {
  const digest = createHash('sha256').update(realpathSync(directory)).digest('hex').slice(0, 32);
  return join(tmpdir(), `p-chat-${digest}.lock`);
}

export async function lockDataDir(directory: string): Promise<DataDirLock> {
  let path = lockPathFor(directory);
  let server: Server | null;
  try {
    server = await listenOn(path);
  } catch {
    path = hostLockPathFor(directory);
    server = await listenOn(path);
  }
  if (!server) {
    if (await answers(path)) throw inUse(directory);
    // The owner died without closing (kill -9, crash): its socket file is left, refusing connections.
    unlinkIfPresent(path);
    server = await listenOn(path);
    if (!server) throw inUse(directory);
  }
  const owned = server;
  // A probe from a starting process is answered by accepting; it only needs to see someone listening.
  owned.on('connection', (socket) => socket.destroy());
  owned.unref();
  return {
    path,
    release: () => new Promise<void>((resolve) => owned.close(() => resolve())),
  };
}

function inUse(directory: string): ConfigError {
  return new ConfigError(
    'DATA_DIR',
    `(${directory}) is in use by another running p-chat process: the embedded database has one owner`,
  );
}

/** The listening server, or null when the path is taken. */
function listenOn(path: string): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(null) : reject(error),
    );
    server.listen(path, () => resolve(server));
  });
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const done = (alive: boolean): void => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(2000, () => done(true));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
