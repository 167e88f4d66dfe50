// API.md §7: SIGTERM stops accepting, lets the request in flight finish, and exits 0 within 10 s.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerFlashUser } from './helpers/factories.js';
import {
  EMBEDDED_DATABASE_ENV,
  ensureBuilt,
  startServer,
  type ServerProcess,
} from './helpers/server-process.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGTERM on the built server', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
  }, 240_000);

  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('finishes the request in flight, refuses new connections and exits 0 within 10 s', async () => {
    const user = await registerFlashUser(server.url);
    const body = JSON.stringify({ username: user.username, password: user.password });
    let signalledAt = 0;
    // A request whose body arrives in two parts: SIGTERM lands while the server is reading it.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/login`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      void pause(300).then(() => {
        signalledAt = Date.now();
        server.child.kill('SIGTERM');
        void pause(500).then(() => req.end(body.slice(10)));
      });
    });

    await pause(500);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(server.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);

    const answered = await response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({
      code: '200',
      message: '',
      content: { token: expect.any(String) },
    });
    await expect(server.exited).resolves.toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(server.output()).toContain('"msg":"stopped"');
  }, 60_000);
});

describe('startup with a bad configuration', () => {
  it('refuses FANOUT=postgres on the embedded database with one line naming the variable', async () => {
    ensureBuilt();
    let started: ServerProcess | undefined;
    try {
      started = await startServer({ env: { FANOUT: 'postgres', ...EMBEDDED_DATABASE_ENV } });
    } catch (error) {
      expect(String(error)).toMatch(
        /Invalid configuration: FANOUT is postgres, which needs a real PostgreSQL server/,
      );
      return;
    } finally {
      started?.child.kill('SIGKILL');
    }
    throw new Error('the server started');
  }, 240_000);
});
