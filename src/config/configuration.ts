// Typed access to the configuration, tied to each namespace's key: `config.of('mail')` is a MailConfig,
// and a key that is not a namespace does not compile. Everything outside src/config/ injects this, not
// @nestjs/config's ConfigService (whose `getOrThrow<AuthConfig>('mail')` compiles; ESLint refuses it).
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from './app.config.js';
import type { AuthConfig } from './auth.config.js';
import type { DatabaseConfig } from './database.config.js';
import type { FanoutConfig } from './fanout.config.js';
import type { MailConfig } from './mail.config.js';
import type { MetricsConfig } from './metrics.config.js';
import type { PresenceConfig } from './presence.config.js';
import type { RealtimeConfig } from './realtime.config.js';

/** Every namespace registered in config.module.ts, by key. */
export interface ConfigNamespaces {
  app: AppConfig;
  auth: AuthConfig;
  database: DatabaseConfig;
  fanout: FanoutConfig;
  mail: MailConfig;
  metrics: MetricsConfig;
  presence: PresenceConfig;
  realtime: RealtimeConfig;
}

@Injectable()
export class Configuration {
  constructor(@Inject(ConfigService) private readonly config: ConfigService) {}

  of<K extends keyof ConfigNamespaces>(key: K): ConfigNamespaces[K] {
    return this.config.getOrThrow<ConfigNamespaces[K]>(key);
  }
}
