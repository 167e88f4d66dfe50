// Explicit HTTP server timeouts (issue 9): clients that open connections and never finish their
// request must not keep them, nor stop real clients from being served. It runs against the built
// server as a child process: Node's connection-timeout checker does not fire inside Jest's VM
// environment (checked with a bare http.Server there), so only a real process shows the behaviour.
// Loopback only, bounded.
import { rmSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import request from 'supertest';
import { waitFor } from './helpers/free-port.js';
import {
  EMBEDDED_DATABASE_ENV,
  ensureBuilt,
  startServer,
  type ServerProcess,
} from './helpers/server-process.js';

describe('a Slowloris of 200 connections', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer({ env: { ...EMBEDDED_DATABASE_ENV, HTTP_HEADERS_TIMEOUT_SECONDS: '2' } });
  }, 240_000);
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('keeps serving a real client, and drops the silent connections within the header timeout', async () => {
    const sockets: Socket[] = [];
    const closed = new Set<Socket>();
    try {
      for (let i = 0; i < 200; i += 1) {
        const socket = tcpConnect(server.port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.on('close', () => closed.add(socket));
        socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '); // and never the rest
        sockets.push(socket);
      }
      await request(server.url).get('/health').timeout(5000).expect(200);
      await waitFor(() => closed.size === sockets.length, 20_000, 'the silent connections to be dropped');
      await request(server.url).get('/health').timeout(5000).expect(200);
    } finally {
      sockets.forEach((socket) => socket.destroy());
    }
  }, 40_000);
});
