import { describe, expect, it } from '@jest/globals';
import { loadAppConfig, parseListenAddress } from './app.config.js';
import { loadAuthConfig } from './auth.config.js';
import { loadDatabaseConfig } from './database.config.js';
import { ConfigError } from './env.js';

describe('configuration', () => {
  it('defaults to :8080 and honours PORT when HTTP_HOST is unset', () => {
    expect(parseListenAddress({})).toEqual({ host: undefined, port: 8080 });
    expect(parseListenAddress({ PORT: '9000' })).toEqual({ host: undefined, port: 9000 });
    expect(parseListenAddress({ HTTP_HOST: '127.0.0.1:7000', PORT: '9000' })).toEqual({
      host: '127.0.0.1',
      port: 7000,
    });
    expect(parseListenAddress({ HTTP_HOST: ':7001' })).toEqual({ host: undefined, port: 7001 });
  });

  it.each([
    [{ HTTP_HOST: 'nohost' }, 'HTTP_HOST'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ MESSAGE_MAX_LENGTH: '-3' }, 'MESSAGE_MAX_LENGTH'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('refuses %p naming the variable', (env, name) => {
    expect(() => loadAppConfig(env)).toThrow(ConfigError);
    expect(() => loadAppConfig(env)).toThrow(name);
  });

  it('reads JWT_KEY as an alias of JWT_SECRET', () => {
    expect(loadAuthConfig({ JWT_KEY: 'k'.repeat(40) }).jwtSecret).toBe('k'.repeat(40));
  });

  it('refuses a missing or short secret in production', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow('JWT_SECRET');
    expect(() => loadAuthConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(
      'at least 32 bytes',
    );
  });

  it.each([
    [{ JWT_EXP: 'soon' }, 'JWT_EXP'],
    [{ ACCESS_TOKEN_SESSION_MINUTES: '0' }, 'ACCESS_TOKEN_SESSION_MINUTES'],
    [{ AUTH_RATE_LIMIT: '-1' }, 'AUTH_RATE_LIMIT'],
  ])('refuses bad auth value %p', (env, name) => {
    expect(() => loadAuthConfig({ JWT_SECRET: 'x'.repeat(40), ...env })).toThrow(name);
  });

  it('accepts decimal access token minutes', () => {
    expect(
      loadAuthConfig({ JWT_SECRET: 'x'.repeat(40), ACCESS_TOKEN_SESSION_MINUTES: '0.1' }).accessTokenMinutes,
    ).toBe(0.1);
  });

  it('chooses the embedded engine unless PSQL_* or DATABASE_URL is set', () => {
    expect(loadDatabaseConfig({ DATA_DIR: '/tmp/x' })).toEqual({ kind: 'embedded', dataDir: '/tmp/x' });
    expect(loadDatabaseConfig({ PSQL_HOST: 'db' })).toMatchObject({
      kind: 'postgres',
      host: 'db',
      port: 5432,
    });
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'mysql://x' })).toThrow('DATABASE_URL');
    expect(() => loadDatabaseConfig({ PSQL_PORT: 'x' })).toThrow('PSQL_PORT');
  });
});
