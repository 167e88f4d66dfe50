// Real PostgreSQL for the multi-instance tests. Under `npm run test:pg` the run's fresh database
// (PSQL_* set by test/with-fresh-pg.mjs) is used; in the embedded run a database is made here on the
// local server (PSQL_HOST or 127.0.0.1) and dropped afterwards. Suites gate on the server with
// `describeWhen(['postgres'])` (helpers/services.ts); here an unreachable server is an error.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestPostgres {
  host: string;
  port: number;
  env: Record<string, string>;
  drop(): Promise<void>;
}

function admin(): pg.ClientConfig {
  return {
    host: process.env.PSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.PSQL_PORT ?? 5432),
    user: process.env.PSQL_USER ?? 'postgres',
    password: process.env.PSQL_PASSWORD,
    database: 'postgres',
    connectionTimeoutMillis: 3000,
  };
}

/** A connected client to the test server's `postgres` database (close it with `end()`). */
export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client(admin());
  await client.connect();
  return client;
}

async function adminQuery(sql: string): Promise<void> {
  const client = await adminClient();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * `own`: a database made for this caller even under `npm run test:pg` (whose run database the other
 * suites share), for a suite whose assertions depend on the table statistics being its own.
 */
export async function testPostgres(options: { own?: boolean } = {}): Promise<TestPostgres> {
  const config = admin();
  const shared = options.own ? undefined : process.env.PSQL_DB;
  const database = shared ?? `p_chat_scale_${Date.now()}_${randomBytes(3).toString('hex')}`;
  if (!shared) await adminQuery(`CREATE DATABASE "${database}"`);
  return {
    host: config.host as string,
    port: config.port as number,
    env: {
      PSQL_HOST: config.host as string,
      PSQL_PORT: String(config.port),
      PSQL_USER: config.user as string,
      PSQL_DB: database,
      ...(config.password ? { PSQL_PASSWORD: config.password as string } : {}),
    },
    async drop() {
      if (!shared)
        await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    },
  };
}
