#!/usr/bin/env node
// Runs a command against a fresh PostgreSQL database made for this run and dropped afterwards.
// Uses PSQL_HOST/PSQL_PORT/PSQL_USER/PSQL_PASSWORD from the environment (default: 127.0.0.1, postgres).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const admin = {
  host: process.env.PSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.PSQL_PORT ?? 5432),
  user: process.env.PSQL_USER ?? 'postgres',
  password: process.env.PSQL_PASSWORD,
  database: 'postgres',
};
const database = `p_chat_test_${Date.now()}_${randomBytes(3).toString('hex')}`;

async function adminQuery(sql) {
  const client = new pg.Client(admin);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await adminQuery(`CREATE DATABASE "${database}"`);
const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    PSQL_HOST: admin.host,
    PSQL_PORT: String(admin.port),
    PSQL_USER: admin.user,
    PSQL_DB: database,
    ...(admin.password ? { PSQL_PASSWORD: admin.password } : {}),
  },
});
const code = await new Promise((resolve) =>
  child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
);
await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch((error) => {
  console.error(`could not drop ${database}: ${error.message}`);
});
process.exit(code);
