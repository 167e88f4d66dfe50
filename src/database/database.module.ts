import { Module, type DynamicModule } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { EngineOwningDataSource } from './engine-owning-data-source.js';
import { resolveDatabase } from './data-source-options.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';
import type { ModuleSchema } from './module-schema.js';

type OptionsWithEngine = TypeOrmModuleOptions & { embeddedEngine?: EmbeddedPostgres };

/** The DataSource for the schema the composition root assembles (src/schema.ts); migrates at startup. */
@Module({})
export class DatabaseModule {
  static forRoot(schema: ModuleSchema): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [Configuration],
          useFactory: async (config: Configuration): Promise<OptionsWithEngine> => {
            const resolved = await resolveDatabase(config.of('database'), schema);
            return { ...resolved.options, embeddedEngine: resolved.embedded, retryAttempts: 0 };
          },
          dataSourceFactory: async (options) => {
            const { embeddedEngine, ...dataSourceOptions } = options as OptionsWithEngine & DataSourceOptions;
            const dataSource = new EngineOwningDataSource(dataSourceOptions, embeddedEngine);
            try {
              await dataSource.initialize();
              await dataSource.runMigrations({ transaction: 'each' });
            } catch (error) {
              await embeddedEngine?.stop();
              throw error;
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
