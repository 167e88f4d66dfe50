// The one place that turns configuration into TypeORM options: used by the app and by the CLI (ormconfig.ts).
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/database.config.js';
import {
  EMBEDDED_MAX_CONNECTIONS,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from './embedded-postgres.js';
import type { ModuleSchema } from './module-schema.js';

export interface ResolvedDatabase {
  options: DataSourceOptions;
  /** Present when the embedded engine was started; stop it after the DataSource is destroyed. */
  embedded?: EmbeddedPostgres;
}

function baseOptions(
  schema: ModuleSchema,
): Pick<
  DataSourceOptions & { type: 'postgres' },
  'type' | 'entities' | 'migrations' | 'synchronize' | 'migrationsRun' | 'uuidExtension' | 'logging'
> {
  return {
    type: 'postgres',
    entities: schema.entities,
    migrations: schema.migrations,
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    logging: false,
  };
}

/**
 * With the database unreachable nothing may wait past the 10 s in which REST must answer 503: a new
 * connection (or a free pool slot) gives up after 5 s, a statement is cancelled by the server after
 * 8 s, and the client stops waiting for an answer after 9 s (a server that vanished without closing
 * the socket). TCP keepalive finds dead idle connections so the pool replaces them.
 */
export const OUTAGE_BOUNDS = {
  connectionTimeoutMillis: 5000,
  statement_timeout: 8000,
  idle_in_transaction_session_timeout: 15000,
  query_timeout: 9000,
  keepAlive: true,
};

export async function resolveDatabase(
  config: DatabaseConfig,
  schema: ModuleSchema,
): Promise<ResolvedDatabase> {
  if (config.kind === 'embedded') {
    const embedded = await startEmbeddedPostgres(config.dataDir);
    return {
      embedded,
      options: {
        ...baseOptions(schema),
        host: embedded.host,
        port: embedded.port,
        username: 'postgres',
        database: 'postgres',
        // The same bounds as on real PostgreSQL: no request waits past them for a pool slot or an
        // answer. (PGlite itself cannot cancel a running statement; being reachable only through the
        // private socket, the only sessions it has are this pool's.)
        extra: { max: EMBEDDED_MAX_CONNECTIONS, ...OUTAGE_BOUNDS },
      },
    };
  }
  return {
    options: {
      ...baseOptions(schema),
      url: config.url,
      host: config.host,
      port: config.port,
      username: config.user,
      password: config.password,
      database: config.database,
      extra: {
        max: config.poolSize,
        ...OUTAGE_BOUNDS,
      },
    },
  };
}
