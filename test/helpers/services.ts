// Suites that need a service this machine may not have (a PostgreSQL server, the redis-server binary)
// declare it: `const describePg = await describeWhen(['postgres']); describePg('…', () => …)`.
// Missing → the suite is reported skipped, with the reason in its title (never counted as passed);
// under CI=true a missing service fails the run instead.
import { spawnSync } from 'node:child_process';
import { describe } from '@jest/globals';
import pg from 'pg';

export type Service = 'postgres' | 'redis-server';

export type Describe = (name: string, body: () => void) => void;

const probes: Record<Service, () => Promise<string | null>> = {
  async postgres() {
    const host = process.env.PSQL_HOST ?? '127.0.0.1';
    const port = Number(process.env.PSQL_PORT ?? 5432);
    const client = new pg.Client({
      host,
      port,
      user: process.env.PSQL_USER ?? 'postgres',
      password: process.env.PSQL_PASSWORD,
      database: 'postgres',
      connectionTimeoutMillis: 3000,
    });
    try {
      await client.connect();
      return null;
    } catch (error) {
      return `no PostgreSQL at ${host}:${port} (${(error as Error).message})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  },
  'redis-server'() {
    const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
    return Promise.resolve(found.error || found.status !== 0 ? 'no redis-server binary on PATH' : null);
  },
};

/** Null when every service is there, else why not. */
export async function missingService(needs: readonly Service[]): Promise<string | null> {
  for (const service of needs) {
    const reason = await probes[service]();
    if (reason) return reason;
  }
  return null;
}

/** `describe` when the services are there; `describe.skip` naming the reason otherwise (fails under CI). */
export async function describeWhen(needs: readonly Service[]): Promise<Describe> {
  const reason = await missingService(needs);
  if (!reason) return describe;
  if (process.env.CI === 'true') throw new Error(`CI=true needs ${needs.join(' and ')}: ${reason}`);
  return (name, body) => describe.skip(`${name} — skipped: ${reason}`, body);
}
