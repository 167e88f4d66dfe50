import { DataSource, type DataSourceOptions } from 'typeorm';
import type { EmbeddedPostgres } from './embedded-postgres.js';

/** A DataSource that also stops the embedded engine it was started with, after its pool is closed. */
export class EngineOwningDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    private readonly engine?: EmbeddedPostgres,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    try {
      await super.destroy();
    } finally {
      await this.engine?.stop();
    }
  }
}
