// The embedded PGlite is a trust boundary (issue 9): it has no password and every session is superuser,
// so it must be reachable by this process only — a Unix socket in a 0700 DATA_DIR, no TCP listener
// but the HTTP port — and its files (the WAL holds argon2 hashes) and the JWT secret are 0600.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser } from './helpers/factories.js';

const embedded = process.env.PSQL_HOST === undefined && process.env.DATABASE_URL === undefined;
const describeEmbedded = embedded ? describe : describe.skip;

/** Ports this process listens on over TCP (IPv4 and IPv6), from /proc. */
function listeningTcpPorts(): number[] {
  const inodes = new Set(
    readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
        return match ? [match[1]] : [];
      } catch {
        return [];
      }
    }),
  );
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue;
      ports.push(parseInt(fields[1].split(':')[1], 16));
    }
  }
  return ports;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describeEmbedded('the embedded database is private to the process', () => {
  let parent: string;
  let dataDir: string;
  let app: TestApp;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'p-chat-private-'));
    dataDir = join(parent, 'data'); // does not exist yet: p-chat makes it
    app = await createTestApp({ dataDir, env: { JWT_SECRET: undefined } });
    await registerFlashUser(app.url); // a password hash reaches the WAL
  });
  afterAll(async () => {
    await app?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('listens on no TCP port but the HTTP one', () => {
    const httpPort = Number(new URL(app.url).port);
    expect(listeningTcpPorts()).toEqual([httpPort]);
  });

  it('makes DATA_DIR 0700 and every file in it 0600 or stricter, the secret included', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'pgdata')).mode & 0o777).toBe(0o700);
    const files = filesUnder(join(dataDir, 'pgdata'));
    expect(files.length).toBeGreaterThan(10);
    const open = files.filter((file) => (statSync(file).mode & 0o077) !== 0);
    expect(open).toEqual([]);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('serves the engine on a Unix socket another OS user cannot open', () => {
    const socket = join(dataDir, '.s.PGSQL.5432');
    expect(statSync(socket).isSocket()).toBe(true);
    const probe = `require('net').connect(${JSON.stringify(socket)}).on('connect',()=>{console.log('connected');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(0)})`;
    const asNobody = spawnSync(
      'setpriv',
      ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', probe],
      { encoding: 'utf8', timeout: 10_000 },
    );
    if (asNobody.error || asNobody.status !== 0) {
      // No setpriv, or not allowed to switch users here: the mode checks above still hold.
      console.warn('setpriv as nobody unavailable; skipped the second-user probe');
      return;
    }
    expect(asNobody.stdout.trim()).toBe('EACCES');
  });

  it('still serves requests through the socket', async () => {
    await request(app.url).get('/health/ready').expect(200);
  });
});
