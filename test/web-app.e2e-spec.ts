// The web client as the server serves it (src/web-app): the page revalidated on every load, its
// content-hashed assets cached for good, a CSP that allows nothing but the page's own origin, `/`
// sending people to /app outside production, and none of it in the API document but named there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { TestApp } from './helpers/create-app.js';
import { createWebApp } from './helpers/web-client.js';

describe('web client at /app', () => {
  let app: TestApp & { webDir: string };
  let assets: string[];

  beforeAll(async () => {
    app = await createWebApp();
    const html = readFileSync(join(app.webDir, 'index.html'), 'utf8');
    assets = [...html.matchAll(/\/app\/assets\/[\w.-]+/g)].map(([path]) => path);
  });
  afterAll(() => app.close());

  const csp = (header: unknown): Record<string, string> =>
    Object.fromEntries(
      String(header)
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources.join(' ')]),
    );

  it('serves the page with no-cache, its own strict CSP and a request id', async () => {
    const page = await request(app.url)
      .get('/app')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-request-id']).toEqual(expect.any(String));
    expect(csp(page.headers['content-security-policy'])).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'connect-src': "'self'",
      'manifest-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(page.text).toContain('<div id="app">');
    expect(assets).toHaveLength(2);
    // Revalidation: the same page again is a 304.
    const etag = String(page.headers.etag);
    await request(app.url).get('/app').set('If-None-Match', etag).expect(304);
  });

  it('serves the hashed assets for a year, immutable, with their types', async () => {
    for (const asset of assets) {
      const response = await request(app.url).get(asset).expect(200);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['content-type']).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    }
    const script = await request(app.url).get(assets.find((a) => a.endsWith('.js')) ?? '');
    // Nothing external: no URL in the bundle points at another origin to load from.
    expect(script.text).not.toMatch(/\b(src|href)=["']https?:/);
  });

  it('answers anything else under /app/assets with the unknown-route 404', async () => {
    for (const path of ['/app/assets/nope-ABCDEFGH.js', '/app/assets/..%2Findex.html', '/app/assets/.env']) {
      const response = await request(app.url).get(path).expect(404);
      expect(response.body).toMatchObject({ status: 'Error', error: { code: 'NOT_FOUND' } });
    }
  });

  it('sends / to /app (outside production)', async () => {
    await request(app.url).get('/').expect(302).expect('Location', '/app');
  });

  it('keeps /app out of the API document and names it under x-outside-api', async () => {
    const document = (await request(app.url).get('/docs-json').expect(200)).body as {
      paths: Record<string, unknown>;
      'x-outside-api': { path: string }[];
      info: { description: string };
    };
    expect(Object.keys(document.paths).filter((path) => path === '/' || path.startsWith('/app'))).toEqual([]);
    expect(document['x-outside-api'].map(({ path }) => path)).toEqual(['/app', '/app/assets/{file}', '/']);
    expect(document.info.description).toContain('x-outside-api');
  });
});
