import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Configuration } from './config/configuration.js';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ConfigError } from './config/env.js';
import { preflightConfiguration } from './config/preflight.js';
import { JsonLogger } from './common/logging/json-logger.js';
import { GracefulShutdown } from './lifecycle/graceful-shutdown.service.js';
import { installProcessErrorHandlers } from './lifecycle/process-errors.js';

/** SIGTERM must end in exit 0 within 10 s; past this the process exits 1 rather than hang. */
const SHUTDOWN_HARD_LIMIT_MS = 9500;

async function bootstrap(logger: JsonLogger): Promise<void> {
  // LOG_LEVEL from the first line on: Nest's ~80 boot lines (modules, routes) are `info`.
  logger.setLevel(preflightConfiguration().logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    abortOnError: false,
    logger,
  });
  configureApp(app);
  const { host, port, listenBacklog } = app.get(Configuration).of('app');
  // Nest passes the arguments after the port through to http.Server#listen(port, host, backlog); its
  // typings only name (port, host).
  const listen = app.listen.bind(app) as unknown as (
    port: number,
    host: string,
    backlog: number,
  ) => Promise<unknown>;
  await listen(port, host ?? '0.0.0.0', listenBacklog);
  logger.event('info', 'listening', { url: await app.getUrl() });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutDown(app, logger, signal));
  }
}

async function shutDown(app: NestExpressApplication, logger: JsonLogger, signal: string): Promise<void> {
  logger.event('info', 'shutting down', { signal });
  setTimeout(() => {
    logger.event('error', 'shutdown did not finish in time; exiting');
    process.exit(1);
  }, SHUTDOWN_HARD_LIMIT_MS).unref();
  try {
    await app.get(GracefulShutdown).drain();
    await app.close();
  } catch (error) {
    logger.errorEvent('shutdown failed', error);
    process.exit(1);
  }
  logger.event('info', 'stopped');
  process.exit(0);
}

/** A bad configuration is one line naming the variable, not a stack trace. */
function configErrorIn(error: unknown): ConfigError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ConfigError) return cause;
  }
  return undefined;
}

const logger = new JsonLogger();
installProcessErrorHandlers(logger);
bootstrap(logger).catch((error: unknown) => {
  const configError = configErrorIn(error);
  if (configError) process.stderr.write(`${configError.message}\n`);
  else logger.errorEvent('startup failed', error);
  process.exit(1);
});
