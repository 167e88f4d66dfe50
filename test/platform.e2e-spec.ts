import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser } from './helpers/factories.js';

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** `method /path/{param}` of every route Express dispatches to (Nest registers each on the app router). */
function routerRoutes(target: TestApp): string[] {
  const express = target.app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  return express.router.stack.flatMap(({ route }) => {
    if (!route) return [];
    const paths = Array.isArray(route.path) ? route.path : [route.path];
    return paths.flatMap((path) =>
      Object.keys(route.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`),
    );
  });
}

describe('platform: envelopes, request ids, health, OpenAPI (API.md §0, §7)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers unknown routes with 404 in the session envelope', async () => {
    const response = await request(app.url).get('/no/such/route').expect(404);
    expect(response.body).toEqual({
      status: 'Error',
      error: { code: 'NOT_FOUND', message: expect.any(String) },
    });
  });

  it('echoes a well-formed X-Request-Id', async () => {
    const response = await request(app.url).get('/health').set('X-Request-Id', 'abc-123:x.y_z').expect(200);
    expect(response.headers['x-request-id']).toBe('abc-123:x.y_z');
  });

  it.each(['has space', 'x'.repeat(129), 'semi;colon'])(
    'replaces an unacceptable X-Request-Id %p',
    async (id) => {
      const response = await request(app.url).get('/health').set('X-Request-Id', id).expect(200);
      expect(response.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(response.headers['x-request-id']).not.toBe(id);
    },
  );

  it('sets an X-Request-Id on errors too', async () => {
    const response = await request(app.url).get('/nope').expect(404);
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('serves liveness and readiness', async () => {
    expect((await request(app.url).get('/health').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await request(app.url).get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.info.database.status).toBe('up');
  });

  it('documents every REST route the router serves, read from the router itself', async () => {
    const doc = await request(app.url).get('/docs-json').expect(200);
    const documented = new Set(
      Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method} ${path}`),
      ),
    );
    const served = routerRoutes(app);
    // Every controller route (flash, session, rooms, dm, reactions, health, users, the documents).
    expect(served.length).toBeGreaterThan(40);
    // The web client's static files are named under x-outside-api instead (docs/web-client.md).
    const outside = (doc.body['x-outside-api'] as { path: string }[]).map(({ path }) => `get ${path}`);
    // Swagger UI serves its own files under /docs/ (documented once as /docs/{asset}).
    const covered = (route: string): boolean =>
      documented.has(route) ||
      outside.includes(route) ||
      (/^get \/docs\/.*/.test(route) && documented.has('get /docs/{asset}'));
    expect(served.filter((route) => !covered(route))).toEqual([]);
    await request(app.url).get('/docs').expect(200).expect('Content-Type', /html/);
  });

  it('sets security headers (helmet)', async () => {
    const response = await request(app.url).get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('embedded database persistence', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'p-chat-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps users across a restart on the same DATA_DIR', async () => {
    const first = await createTestApp({ dataDir });
    const user = await registerFlashUser(first.url);
    await first.close();
    const second = await createTestApp({ dataDir });
    try {
      await request(second.url)
        .post('/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
    } finally {
      await second.close();
    }
  });
});
