// Serves an in-process PGlite over the Postgres wire protocol so TypeORM's ordinary `pg` driver
// talks to it exactly as it talks to a real server: one code path for both engines.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock.js';

/**
 * One pooled connection. PGlite is a single backend session: pglite-socket queues each wire message
 * separately, so the extended-protocol messages (Parse/Bind/Execute/Sync) of two connections interleave
 * and clobber each other's unnamed statement ("unnamed prepared statement does not exist", lost replies
 * and hung clients under concurrent parameterised queries). PGlite runs one query at a time anyway, so a
 * single connection costs no throughput. The server keeps spare slots for non-pool clients.
 */
export const EMBEDDED_MAX_CONNECTIONS = 1;

export interface EmbeddedPostgres {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const directory = resolve(dataDir, 'pgdata');
  mkdirSync(directory, { recursive: true });
  const lock = await lockDataDir(dataDir);
  let db: PGlite | undefined;
  try {
    // After a kill -9 Postgres replays its WAL here (PGlite writes through to the files, so every
    // committed transaction is in it); nothing to clean up by hand.
    db = await PGlite.create(directory);
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: 0,
      maxConnections: EMBEDDED_MAX_CONNECTIONS + 3,
    });
    await server.start();
    const [host, port] = splitHostPort(server.getServerConn());
    const opened = db;
    return {
      host,
      port,
      async stop() {
        try {
          await server.stop();
          await opened.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}
