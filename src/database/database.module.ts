import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { EngineOwningDataSource } from './engine-owning-data-source.js';
import type { DatabaseConfig } from '../config/database.config.js';
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
          inject: [ConfigService],
          useFactory: async (config: ConfigService): Promise<OptionsWithEngine> => {
            const resolved = await resolveDatabase(config.getOrThrow<DatabaseConfig>('database'), schema);
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
