// A fresh PostgreSQL database for one run (tests, benchmark), dropped afterwards.
// Server from PSQL_HOST/PSQL_PORT/PSQL_USER/PSQL_PASSWORD (default: 127.0.0.1:5432, postgres).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const adminConnection = {
  host: process.env.PSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.PSQL_PORT ?? 5432),
  user: process.env.PSQL_USER ?? 'postgres',
  password: process.env.PSQL_PASSWORD,
  database: 'postgres',
};

async function adminQuery(sql) {
  const client = new pg.Client(adminConnection);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<time>_<random>`; returns its connection, PSQL_* env, and a drop(). */
export async function createFreshDatabase(prefix) {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    name,
    connection: { ...adminConnection, database: name },
    env: {
      PSQL_HOST: adminConnection.host,
      PSQL_PORT: String(adminConnection.port),
      PSQL_USER: adminConnection.user,
      PSQL_DB: name,
      ...(adminConnection.password ? { PSQL_PASSWORD: adminConnection.password } : {}),
    },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
