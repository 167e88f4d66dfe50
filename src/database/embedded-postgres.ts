// Serves an in-process PGlite over the Postgres wire protocol so TypeORM's ordinary `pg` driver
// talks to it exactly as it talks to a real server: one code path for both engines.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** PGlite runs one query at a time; more connections only queue, so keep the pool small. */
export const EMBEDDED_MAX_CONNECTIONS = 4;

export interface EmbeddedPostgres {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const directory = resolve(dataDir, 'pgdata');
  mkdirSync(directory, { recursive: true });
  const db = await PGlite.create(directory);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: EMBEDDED_MAX_CONNECTIONS * 2,
  });
  await server.start();
  const [host, port] = splitHostPort(server.getServerConn());
  return {
    host,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}
