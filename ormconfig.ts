// The TypeORM CLI's DataSource (migration:generate/run/revert), built by the same options builder
// the app uses. With no PSQL_* / DATABASE_URL set it starts the embedded engine under DATA_DIR.
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadDatabaseConfig } from './src/config/database.config.js';
import { loadDotEnv } from './src/config/preflight.js';
import { resolveDatabase } from './src/database/data-source-options.js';
import { EngineOwningDataSource } from './src/database/engine-owning-data-source.js';
import { APP_SCHEMA } from './src/schema.js';

loadDotEnv();

const resolved = await resolveDatabase(loadDatabaseConfig(process.env), APP_SCHEMA);

const dataSource: DataSource = new EngineOwningDataSource(resolved.options, resolved.embedded);
export default dataSource;
