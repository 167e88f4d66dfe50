import { Global, Module } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { JsonLogger } from '../common/logging/json-logger.js';
import { Metrics } from '../metrics/index.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { ClusterEvents } from './cluster-events.js';
import { FANOUT, type Fanout } from './fanout.js';
import { FanoutReadiness } from './fanout-readiness.js';
import { LocalFanout } from './local-fanout.js';
import { PostgresFanout } from './postgres-fanout.js';
import { RedisFanout } from './redis-fanout.js';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** Provides the FANOUT seam, its implementation chosen by the `fanout` config namespace (FANOUT). */
@Global()
@Module({
  providers: [
    {
      provide: FANOUT,
      inject: [Configuration, JsonLogger, RedisConnections, DataSource, Metrics],
      useFactory: (
        config: Configuration,
        logger: JsonLogger,
        redis: RedisConnections,
        dataSource: DataSource,
        metrics: Metrics,
      ): Fanout => {
        const mode = config.of('fanout').mode;
        switch (mode) {
          case 'local':
            return new LocalFanout();
          case 'redis':
            return new RedisFanout(redis, logger, metrics.fanout);
          case 'postgres':
            return new PostgresFanout(
              pgClientConfig(dataSource.options as PostgresOptions),
              logger,
              metrics.fanout,
            );
        }
      },
    },
    FanoutReadiness,
    ClusterEvents,
  ],
  exports: [FANOUT, ClusterEvents],
})
export class FanoutModule {}

/** The LISTEN/NOTIFY connections reach the same server and database as the pool. */
function pgClientConfig(options: PostgresOptions): {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
} {
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
  };
}
