import { registerAs } from '@nestjs/config';
import { ConfigError, readEnum, readList, readNumber, readString, type Env } from './env.js';

export interface AppConfig {
  production: boolean;
  host: string | undefined;
  port: number;
  dataDir: string;
  /** The built web client served at /app (`npm run build` writes it to ./dist/web). */
  webAppDir: string;
  logLevel: LogLevelName;
  corsOrigins: string[] | undefined;
  wsAllowedOrigins: string[] | undefined;
  messageMaxLength: number;
  passwordMinLength: number;
  bodyLimitBytes: number;
  /** Node's HTTP server bounds (a silent or trickling client is dropped): see http-server-timeouts.ts. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /**
   * Connections the kernel queues for accept() (`listen` backlog, capped by net.core.somaxconn). Node's
   * 511 overflows when thousands of clients reconnect at once after a restart: the dropped SYNs are
   * retried by the clients' kernels only after 1, 3, 7, 15 s.
   */
  listenBacklog: number;
  /** Express `trust proxy`: which X-Forwarded-For hops name the client (false: the socket's address). */
  trustProxy: TrustProxy;
}

export type TrustProxy = false | number | string[];

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

function seconds(env: Env, name: string, fallback: number): number {
  return Math.round(readNumber(env, name, fallback, { positive: true, max: 3600 }) * 1000);
}

const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6_CIDR = /^[0-9a-f:.]*:[0-9a-f:.]*(\/\d{1,3})?$/i;
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `TRUST_PROXY`: unset, `false` or `0` → off; a hop count (`1`: one load balancer in front); or a
 * comma list of proxy addresses/CIDRs and Express's names (loopback, linklocal, uniquelocal).
 * `true` (trust every hop, so any client can claim any IP) is refused.
 */
export function parseTrustProxy(env: Env): TrustProxy {
  const text = readString(env, 'TRUST_PROXY');
  if (text === undefined || ['false', 'off', 'no', '0'].includes(text.toLowerCase())) return false;
  if (/^\d+$/.test(text)) return readNumber(env, 'TRUST_PROXY', 0, { integer: true, min: 1, max: 32 });
  const list = readList(env, 'TRUST_PROXY') ?? [];
  for (const item of list) {
    if (NAMED_RANGES.includes(item.toLowerCase()) || IPV4_CIDR.test(item) || IPV6_CIDR.test(item)) continue;
    throw new ConfigError(
      'TRUST_PROXY',
      `must be a hop count or a comma list of addresses/CIDRs (or loopback, linklocal, uniquelocal), got "${item}"`,
    );
  }
  return list;
}

export function loadAppConfig(env: Env): AppConfig {
  const production = env.NODE_ENV === 'production';
  return {
    production,
    ...parseListenAddress(env),
    dataDir: readString(env, 'DATA_DIR', './data') as string,
    webAppDir: readString(env, 'WEB_APP_DIR', './dist/web') as string,
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    corsOrigins: readList(env, 'CORS_ORIGINS'),
    wsAllowedOrigins: readList(env, 'WS_ALLOWED_ORIGINS'),
    messageMaxLength: readNumber(env, 'MESSAGE_MAX_LENGTH', 4000, { integer: true, min: 1, max: 60000 }),
    passwordMinLength: readNumber(env, 'PASSWORD_MIN_LENGTH', 6, { integer: true, min: 1, max: 1024 }),
    bodyLimitBytes: readNumber(env, 'BODY_LIMIT_BYTES', 256 * 1024, { integer: true, min: 1024 }),
    headersTimeoutMs: seconds(env, 'HTTP_HEADERS_TIMEOUT_SECONDS', 10),
    requestTimeoutMs: seconds(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 30),
    keepAliveTimeoutMs: seconds(env, 'HTTP_KEEPALIVE_TIMEOUT_SECONDS', 5),
    listenBacklog: readNumber(env, 'HTTP_LISTEN_BACKLOG', 4096, { integer: true, min: 1, max: 65535 }),
    trustProxy: parseTrustProxy(env),
  };
}

export const appConfig = registerAs('app', () => loadAppConfig(process.env));
