// A fresh PostgreSQL database for one benchmark run, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const admin = {
  host: process.env.PSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.PSQL_PORT ?? 5432),
  user: process.env.PSQL_USER ?? 'postgres',
  password: process.env.PSQL_PASSWORD,
  database: 'postgres',
};

async function adminQuery(sql) {
  const client = new pg.Client(admin);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function freshDatabase() {
  const name = `p_chat_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    name,
    connection: { ...admin, database: name },
    env: {
      PSQL_HOST: admin.host,
      PSQL_PORT: String(admin.port),
      PSQL_USER: admin.user,
      PSQL_DB: name,
      ...(admin.password ? { PSQL_PASSWORD: admin.password } : {}),
    },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
