import { registerAs } from '@nestjs/config';
import { ConfigError, readEnum, readList, readNumber, readString, type Env } from './env.js';

export interface AppConfig {
  production: boolean;
  host: string | undefined;
  port: number;
  dataDir: string;
  logLevel: LogLevelName;
  corsOrigins: string[] | undefined;
  wsAllowedOrigins: string[] | undefined;
  messageMaxLength: number;
  passwordMinLength: number;
  bodyLimitBytes: number;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** `HTTP_HOST` is `host:port` or `:port`; `PORT` is honoured when `HTTP_HOST` is unset. */
export function parseListenAddress(env: Env): { host: string | undefined; port: number } {
  const httpHost = readString(env, 'HTTP_HOST');
  if (httpHost === undefined) {
    return { host: undefined, port: readNumber(env, 'PORT', 8080, { integer: true, min: 0, max: 65535 }) };
  }
  const match = /^(.*):(\d{1,5})$/.exec(httpHost);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535)
    throw new ConfigError('HTTP_HOST', `must be host:port or :port, got "${httpHost}"`);
  return { host: match[1] === '' ? undefined : match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

export function loadAppConfig(env: Env): AppConfig {
  const production = env.NODE_ENV === 'production';
  return {
    production,
    ...parseListenAddress(env),
    dataDir: readString(env, 'DATA_DIR', './data') as string,
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    corsOrigins: readList(env, 'CORS_ORIGINS'),
    wsAllowedOrigins: readList(env, 'WS_ALLOWED_ORIGINS'),
    messageMaxLength: readNumber(env, 'MESSAGE_MAX_LENGTH', 4000, { integer: true, min: 1, max: 60000 }),
    passwordMinLength: readNumber(env, 'PASSWORD_MIN_LENGTH', 6, { integer: true, min: 1, max: 1024 }),
    bodyLimitBytes: readNumber(env, 'BODY_LIMIT_BYTES', 256 * 1024, { integer: true, min: 1024 }),
  };
}

export const appConfig = registerAs('app', () => loadAppConfig(process.env));
