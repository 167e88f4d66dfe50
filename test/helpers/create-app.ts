// Boots the real AppModule on 127.0.0.1 and a random port, exactly as main.ts configures it.
// Embedded database by default (a fresh DATA_DIR per app); real PostgreSQL when PSQL_* are set
// (test/with-fresh-pg.mjs creates a fresh database for the run), or a fresh PostgreSQL database of
// its own with `{ postgres: true }` (dropped on close).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { JsonLogger } from '../../src/common/logging/json-logger.js';
import { testPostgres, type TestPostgres } from './postgres.js';
import { TEST_JWT_SECRET } from './tokens.js';

export interface TestApp {
  app: INestApplication;
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port> */
  wsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment for this app only (applied while it boots). */
  env?: Record<string, string | undefined>;
  /** Reuse a DATA_DIR (restart scenarios); otherwise a fresh one is made and removed on close. */
  dataDir?: string;
  /**
   * PostgreSQL on the local server (gate the suite with describeWhen): `true` is the run's database under
   * `npm run test:pg` (a fresh one otherwise), `'own'` a fresh database even then.
   */
  postgres?: boolean | 'own';
  /** Runs after configureApp, before listen: e.g. a test-only static route (behind helmet, before Nest's routes). */
  beforeListen?: (app: NestExpressApplication) => void;
}

class QuietLogger extends JsonLogger {
  override event(): void {}
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'p-chat-test-'));
  const database: TestPostgres | undefined = options.postgres
    ? await testPostgres({ own: options.postgres === 'own' })
    : undefined;
  const env: Record<string, string | undefined> = {
    ...database?.env,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    // Suites sign many users in from 127.0.0.1; the rate-limit suite passes its own low limits.
    AUTH_RATE_LIMIT: '100000',
    AUTH_RATE_LIMIT_IP: '100000',
    ...options.env,
  };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.entries(env).forEach(([key, value]) => setEnv(key, value));
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule, {
      bodyParser: false,
      abortOnError: false,
      logger: process.env.TEST_LOGS ? new JsonLogger() : new QuietLogger(),
    });
    configureApp(app);
    options.beforeListen?.(app);
    await app.listen(0, '127.0.0.1');
  } finally {
    Object.entries(saved).forEach(([key, value]) => setEnv(key, value));
  }
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    wsUrl: `ws://127.0.0.1:${address.port}`,
    dataDir,
    async close() {
      await app.close();
      await database?.drop();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function setEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}
