// What a feature module brings to the database: its entities and its migrations. Each module exports
// one `ModuleSchema`; the composition root (src/schema.ts) lists them for the app and the TypeORM CLI
// alike, so `database/` knows no feature. Migrations run in timestamp order whatever the list order.
import type { MigrationInterface } from 'typeorm';

export interface ModuleSchema {
  // TypeORM takes entity classes of any constructor shape.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  migrations: (new () => MigrationInterface)[];
}

export function mergeSchemas(schemas: readonly ModuleSchema[]): ModuleSchema {
  return {
    entities: schemas.flatMap((schema) => schema.entities),
    migrations: schemas.flatMap((schema) => schema.migrations),
  };
}
