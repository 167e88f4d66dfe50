import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config.js';
import { authConfig } from './auth.config.js';
import { Configuration } from './configuration.js';
import { databaseConfig } from './database.config.js';
import { fanoutConfig } from './fanout.config.js';
import { mailConfig } from './mail.config.js';
import { metricsConfig } from './metrics.config.js';
import { presenceConfig } from './presence.config.js';
import { realtimeConfig } from './realtime.config.js';

/** Every typed namespace, loaded once at boot from the environment and a `.env` beside the program. */
export const CONFIG_NAMESPACES = [
  appConfig,
  authConfig,
  databaseConfig,
  fanoutConfig,
  mailConfig,
  metricsConfig,
  presenceConfig,
  realtimeConfig,
];

@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      envFilePath: ['.env'],
      load: CONFIG_NAMESPACES,
    }),
  ],
  providers: [Configuration],
  exports: [Configuration],
})
export class AppConfigModule {}
