import { registerAs } from '@nestjs/config';
import { readNumber, readString, readUrl, type Env } from './env.js';

export type DatabaseConfig =
  | { kind: 'embedded'; dataDir: string }
  | {
      kind: 'postgres';
      url?: string;
      host?: string;
      port: number;
      user?: string;
      password?: string;
      database?: string;
      poolSize: number;
    };

const PSQL_VARIABLES = ['PSQL_HOST', 'PSQL_PORT', 'PSQL_USER', 'PSQL_PASSWORD', 'PSQL_DB', 'DATABASE_URL'];

export function loadDatabaseConfig(env: Env): DatabaseConfig {
  const dataDir = readString(env, 'DATA_DIR', './data') as string;
  if (!PSQL_VARIABLES.some((name) => readString(env, name) !== undefined))
    return { kind: 'embedded', dataDir };
  return {
    kind: 'postgres',
    url: readUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']),
    host: readString(env, 'PSQL_HOST'),
    port: readNumber(env, 'PSQL_PORT', 5432, { integer: true, min: 1, max: 65535 }),
    user: readString(env, 'PSQL_USER'),
    password: readString(env, 'PSQL_PASSWORD'),
    database: readString(env, 'PSQL_DB'),
    poolSize: readNumber(env, 'PSQL_POOL_SIZE', 10, { integer: true, min: 1, max: 200 }),
  };
}

export const databaseConfig = registerAs('database', () => loadDatabaseConfig(process.env));
