import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import type { AppConfig } from './config/app.config.js';
import { ConfigError } from './config/env.js';
import { preflightConfiguration } from './config/preflight.js';
import { JsonLogger } from './common/logging/json-logger.js';

async function bootstrap(): Promise<void> {
  preflightConfiguration();
  const logger = new JsonLogger();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    abortOnError: false,
    logger,
  });
  configureApp(app);
  const { host, port } = app.get(ConfigService).getOrThrow<AppConfig>('app');
  await app.listen(port, host ?? '0.0.0.0');
  logger.event('info', 'listening', { url: await app.getUrl() });
}

/** A bad configuration is one line naming the variable, not a stack trace. */
function configErrorIn(error: unknown): ConfigError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ConfigError) return cause;
  }
  return undefined;
}

bootstrap().catch((error: unknown) => {
  const configError = configErrorIn(error);
  if (configError) process.stderr.write(`${configError.message}\n`);
  else new JsonLogger().errorEvent('startup failed', error);
  process.exit(1);
});
