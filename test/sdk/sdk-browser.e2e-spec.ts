// @p-chat/client in a real Chromium (Debian's, driven by playwright-core): the SDK bundled by esbuild into
// a page served from the app under test (a route only this test registers, behind helmet like any page of
// p-chat), two pages chatting, one going offline and back and then receiving what was sent meanwhile
// exactly once, in order. Without /usr/bin/chromium it reports itself skipped — and fails under CI=true.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import type { Request, Response } from 'express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../helpers/chromium.js';
import { createTestApp, type TestApp } from '../helpers/create-app.js';
import { waitFor } from '../helpers/free-port.js';
import { flashUser, range } from './sdk-clients.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const PAGE_SOURCE = join(HERE, '..', 'browser', 'chat-page.ts');
const SCREENSHOTS = join(HERE, '..', 'browser', 'screenshots');
const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>p-chat SDK test page</title></head>
<body><h1>p-chat SDK</h1><p id="status">loading</p><ol id="messages"></ol>
<script type="module" src="/__sdk-test__/chat-page.js"></script></body></html>`;

interface Seen {
  seq: number;
  body: string | null;
}
type PageHarness = {
  chatPage: {
    start(username: string, password: string): Promise<void>;
    send(roomId: string, bodies: string[]): Promise<number[]>;
    seen(roomId: string): Seen[];
    states: string[];
    stop(): void;
  };
};

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [PAGE_SOURCE],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describeWithChromium('@p-chat/client in Chromium', () => {
  let app: TestApp;
  let origin: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const script = await bundlePage();
    app = await createTestApp({
      beforeListen: (nest) =>
        nest.use('/__sdk-test__', (request: Request, response: Response) => {
          if (request.path === '/chat-page.js') response.type('text/javascript').send(script);
          else response.type('html').send(PAGE_HTML);
        }),
    });
    // helmet's CSP upgrades insecure requests on any host but localhost (STACK.md).
    origin = app.url.replace('127.0.0.1', 'localhost');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function openPage(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/__sdk-test__/`);
    await page.waitForFunction(() => 'chatPage' in globalThis);
    await page.evaluate(
      ([name, password]) => (globalThis as unknown as PageHarness).chatPage.start(name, password),
      [username, 'secret'] as const,
    );
    expect(errors).toEqual([]);
    return { context, page };
  }

  const seen = (page: Page, roomId: string) =>
    page.evaluate((id) => (globalThis as unknown as PageHarness).chatPage.seen(id), roomId);
  const states = (page: Page) => page.evaluate(() => (globalThis as unknown as PageHarness).chatPage.states);
  const send = (page: Page, roomId: string, bodies: string[]) =>
    page.evaluate(([id, texts]) => (globalThis as unknown as PageHarness).chatPage.send(id, texts), [
      roomId,
      bodies,
    ] as const);
  async function until(page: Page, roomId: string, count: number): Promise<Seen[]> {
    await waitFor(
      async () => (await seen(page, roomId)).length >= count,
      20_000,
      `${count} messages in the page`,
    );
    return seen(page, roomId);
  }

  it('two pages chat; one goes offline and back and gets what it missed once, in order', async () => {
    const alice = await flashUser(app.url);
    const bob = await flashUser(app.url);
    const room = await alice.client.rooms.create({ name: 'browser' });
    await alice.client.rooms.addMember(room.id, bob.username);
    const { page: alicePage } = await openPage(alice.username);
    const { context: bobContext, page: bobPage } = await openPage(bob.username);

    expect(await send(alicePage, room.id, ['hello', 'from', 'alice'])).toEqual([1, 2, 3]);
    expect(await until(bobPage, room.id, 3)).toEqual(
      ['hello', 'from', 'alice'].map((body, index) => ({ seq: index + 1, body })),
    );
    expect(await send(bobPage, room.id, ['hi alice'])).toEqual([4]);
    expect((await until(alicePage, room.id, 4)).at(-1)).toEqual({ seq: 4, body: 'hi alice' });

    await bobContext.setOffline(true);
    await waitFor(
      async () => (await states(bobPage)).some((s) => s.startsWith('closed')),
      10_000,
      'bob offline',
    );
    const meanwhile = range(5, 12).map((n) => `while away ${n}`);
    expect(await send(alicePage, room.id, meanwhile)).toEqual(range(5, 12));
    await bobContext.setOffline(false);

    const received = await until(bobPage, room.id, 12);
    expect(received.map((m) => m.seq)).toEqual(range(1, 12));
    expect(received.slice(4).map((m) => m.body)).toEqual(meanwhile);
    await waitFor(async () => (await states(bobPage)).at(-1) === 'open', 10_000, 'bob open again');
    expect((await states(bobPage)).filter((s) => s === 'open').length).toBeGreaterThanOrEqual(2);
    if (process.env.TEST_LOGS) console.log(`bob's connection: ${(await states(bobPage)).join(' → ')}`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await bobPage.screenshot({ path: join(SCREENSHOTS, 'bob-after-offline.png') });
  }, 90_000);
});
