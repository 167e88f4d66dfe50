// The web client (web/, served at /app) in a real Chromium: two people sign up (one through each API),
// make rooms, chat both ways and see typing, unread counts, read receipts, presence and edits; one goes
// offline while the other sends five messages and, back online, sees all five once and in order; long
// history pages back as it is scrolled up; "log out other devices" and sign-out. A screenshot of each
// main screen lands in test/browser/screenshots/ (git-ignored) on every run.
//
// Offline: Chromium's `context.setOffline(true)` does not close an open WebSocket — it stalls it, and
// frames both ways are delivered late once back online. So the page (the SDK) must notice the dead
// socket itself: the `offline` event makes it ping at once, no pong within 4 s drops the socket, new
// sockets fail while offline, and `online` reconnects and resumes. The test waits for the banner
// before the five are sent, so they can only reach the page through that resume.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { PChatClient } from '../../client/src/index.js';
import { describeWithChromium, launchChromium } from '../helpers/chromium.js';
import type { TestApp } from '../helpers/create-app.js';
import { uniqueEmail, uniqueUsername } from '../helpers/factories.js';
import { waitFor } from '../helpers/free-port.js';
import { createWebApp } from '../helpers/web-client.js';
import { NodeWebSocket } from '../sdk/sdk-clients.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'browser', 'screenshots');
const PASSWORD = 'secret-pass';
const WAIT = 15_000;

/** The little of a DOM form control the accessibility check reads (this file has no DOM types). */
interface Control {
  type?: string;
  offsetParent: unknown;
  labels?: { textContent: string | null }[] | null;
  textContent: string | null;
  outerHTML: string;
  getAttribute(name: string): string | null;
}

interface Person {
  context: BrowserContext;
  page: Page;
  username: string;
  name: string;
}

describeWithChromium('web client in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    // Flood control raised only so the history test can store its 120 messages quickly.
    app = await createWebApp({ env: { WS_FLOOD_RATE: '2000', WS_FLOOD_BURST: '2000' } });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 90_000);

  beforeEach(() => void errors.splice(0));

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openApp(width = 1100): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 760 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // 127.0.0.1, not localhost: the page's CSP has no upgrade-insecure-requests, so any host works.
    await page.goto(`${app.url}/`);
    expect(new URL(page.url()).pathname).toBe('/app');
    return { context, page };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

  /** Every visible form control and button has an accessible name (a label, aria-label or text). */
  async function expectLabelled(page: Page): Promise<void> {
    const unlabelled = await page.locator('input, textarea, select, button').evaluateAll((elements) =>
      (elements as unknown as Control[])
        .filter((control) => control.offsetParent !== null && control.type !== 'hidden')
        .filter((control) => {
          const label = control.labels?.[0]?.textContent?.trim();
          return !(label || control.getAttribute('aria-label') || control.textContent?.trim());
        })
        .map((control) => control.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
  }

  async function signUpWithUsername(): Promise<Person> {
    const { context, page } = await openApp();
    const username = uniqueUsername('web');
    const name = `Alice ${username.slice(-4)}`;
    const form = page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('Display name').fill(name);
    await form.getByLabel('Username', { exact: true }).fill(username);
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByLabel('Password', { exact: true }).press('Enter');
    await page.getByText(`(@${username})`).waitFor({ timeout: WAIT });
    return { context, page, username, name };
  }

  /** The session API: register → the development token from the response → verify → signed in. */
  async function signUpWithEmail(): Promise<Person> {
    const { context, page } = await openApp();
    const username = uniqueUsername('web');
    const name = `Bob ${username.slice(-4)}`;
    const form = page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('By email address').check();
    await form.getByLabel('Display name').fill(name);
    await form.getByLabel('Username', { exact: true }).fill(username);
    await form.getByLabel('Email', { exact: true }).fill(uniqueEmail());
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByRole('button', { name: 'Create account' }).click();
    const token = page.getByLabel('Verification token');
    await waitFor(async () => (await token.inputValue().catch(() => '')).length > 20, WAIT, 'the token');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText(`(@${username})`).waitFor({ timeout: WAIT });
    return { context, page, username, name };
  }

  const roomLink = (person: Person, name: string): Locator =>
    person.page.locator('.room-link').filter({ hasText: name });
  const messages = (person: Person): Locator =>
    person.page.locator('.message-list .message:not(.pending) .body');
  const bodies = (person: Person) => messages(person).allTextContents();

  async function untilBodies(
    person: Person,
    check: (bodies: string[]) => boolean,
    what: string,
  ): Promise<string[]> {
    await waitFor(async () => check(await bodies(person)), WAIT, what);
    return bodies(person);
  }

  async function send(person: Person, text: string): Promise<void> {
    const composer = person.page.getByLabel('Message', { exact: true });
    await composer.fill(text);
    await composer.press('Enter');
  }

  /** Opens one of the sidebar's tools (a <details>) unless it is open already. */
  async function openTool(page: Page, name: string): Promise<void> {
    const summary = page.locator('details.tool > summary', { hasText: name });
    const open = await summary.locator('xpath=..').getAttribute('open');
    if (open === null) await summary.click();
  }

  async function createRoom(person: Person, name: string, visibility: 'public' | 'private'): Promise<void> {
    await openTool(person.page, 'New room');
    const form = person.page.getByRole('form', { name: 'New room' });
    await form.getByLabel('Room name').fill(name);
    await form.getByLabel(visibility === 'public' ? /^Public/ : /^Private/).check();
    await form.getByRole('button', { name: 'Create room' }).click();
    await person.page.getByRole('heading', { name, level: 2 }).waitFor({ timeout: WAIT });
  }

  it('two people sign up, make rooms and chat: typing, unread counts, receipts, presence, edits, DMs', async () => {
    const alice = await signUpWithUsername();
    await shot(alice.page, 'rooms-empty');
    const bob = await signUpWithEmail();

    await createRoom(alice, 'general', 'public');
    await expectLabelled(alice.page);
    // Bob finds the public room and joins it.
    await openTool(bob.page, 'Public rooms');
    await bob.page.getByRole('searchbox', { name: 'Search public rooms' }).fill('gener');
    await bob.page.getByRole('searchbox', { name: 'Search public rooms' }).press('Enter');
    await bob.page.getByRole('button', { name: 'Join general' }).click();
    await bob.page.getByRole('heading', { name: 'general', level: 2 }).waitFor({ timeout: WAIT });

    // Both ways, with the keyboard; the sender's copy is pending until the ack.
    await send(alice, 'hello bob');
    await untilBodies(bob, (b) => b.includes('hello bob'), 'bob to get hello');
    await bob.page.getByLabel('Message', { exact: true }).pressSequentially('hi al');
    await alice.page.getByText(`${bob.username} is typing…`).waitFor({ timeout: WAIT });
    await bob.page.getByLabel('Message', { exact: true }).press('Enter');
    await untilBodies(alice, (b) => b.at(-1) === 'hi al', 'alice to get hi');
    await waitFor(
      async () => (await alice.page.locator('.typing').textContent()) === '',
      WAIT,
      'typing gone',
    );
    // Alice read Bob's message on screen: Bob sees the receipt under it.
    await bob.page
      .locator('.message', { hasText: 'hi al' })
      .getByText(`Seen by ${alice.username}`)
      .waitFor({ timeout: WAIT });

    // Edit and delete one's own messages; the other side follows.
    const mine = alice.page.locator('.message.mine', { hasText: 'hello bob' });
    await mine.getByRole('button', { name: 'Edit' }).click();
    await alice.page.getByLabel('Edit message').fill('hello bob!');
    await alice.page.getByLabel('Edit message').press('Enter');
    await untilBodies(bob, (b) => b[0] === 'hello bob!', 'the edit');
    await bob.page.locator('.message', { hasText: 'hello bob!' }).getByText('(edited)').waitFor();
    await send(alice, 'oops');
    await untilBodies(bob, (b) => b.includes('oops'), 'oops');
    const oops = alice.page.locator('.message.mine', { hasText: 'oops' });
    await oops.getByRole('button', { name: 'Delete' }).click();
    await oops.getByRole('button', { name: 'Delete for everyone' }).click();
    await untilBodies(bob, (b) => b.at(-1) === 'Message deleted' && !b.includes('oops'), 'the tombstone');

    // Members with roles and presence.
    await bob.page.getByRole('button', { name: 'Members' }).click();
    const members = bob.page.getByRole('region', { name: 'Members' });
    await members
      .locator('li', { hasText: alice.username })
      .filter({ hasText: 'owner' })
      .filter({ hasText: 'online' })
      .waitFor({ timeout: WAIT });
    await members.locator('li', { hasText: bob.username }).filter({ hasText: 'member' }).waitFor();
    await shot(bob.page, 'members');

    // A private room Alice adds Bob to: it appears in Bob's list with its unread count while he is
    // elsewhere, and the count goes when he opens it.
    await createRoom(alice, 'side', 'private');
    await alice.page.getByRole('button', { name: 'Members' }).click();
    await alice.page
      .getByRole('form', { name: 'Add a member' })
      .getByLabel('Username', { exact: true })
      .fill(bob.username);
    await alice.page.getByRole('form', { name: 'Add a member' }).getByRole('button', { name: 'Add' }).click();
    await roomLink(bob, 'side').waitFor({ timeout: WAIT });
    await send(alice, 'side one');
    await send(alice, 'side two');
    await roomLink(bob, 'side').getByLabel('2 unread').waitFor({ timeout: WAIT });
    await expect(roomLink(bob, 'side').textContent()).resolves.toContain('side two');
    await shot(bob.page, 'rooms-unread');
    await roomLink(bob, 'side').click();
    await untilBodies(bob, (b) => b.join() === 'side one,side two', 'side history');
    await waitFor(
      async () => (await roomLink(bob, 'side').locator('.badge').count()) === 0,
      WAIT,
      'unread gone',
    );
    await alice.page.getByText(`Seen by ${bob.username}`).waitFor({ timeout: WAIT });

    // A direct chat with someone found by search.
    await openTool(alice.page, 'Direct message');
    await alice.page.getByRole('searchbox', { name: 'Find people' }).fill(bob.username);
    await alice.page.getByRole('searchbox', { name: 'Find people' }).press('Enter');
    await alice.page.getByRole('button', { name: `Message ${bob.name}` }).click();
    await alice.page.getByRole('heading', { name: bob.name, level: 2 }).waitFor({ timeout: WAIT });
    await send(alice, 'psst');
    await roomLink(bob, alice.name).getByLabel('1 unread').waitFor({ timeout: WAIT });
    await shot(alice.page, 'room');
    await expectLabelled(bob.page);

    // Log out other devices: a second session of Alice's (this test's SDK client) is revoked.
    const elsewhere = new PChatClient({ baseUrl: app.url, WebSocket: NodeWebSocket });
    await elsewhere.auth.flashLogin({ username: alice.username, password: PASSWORD });
    await alice.page.getByRole('button', { name: 'Log out other devices' }).click();
    await alice.page.getByText(/^Signed out [1-9]\d* other sessions?\.$/).waitFor({ timeout: WAIT });
    await expect(elsewhere.rooms.list()).rejects.toMatchObject({ status: 401 });
    // Bob signs out; signing in again (the session API, by email) is the other form.
    await bob.page.getByRole('button', { name: 'Sign out' }).click();
    await bob.page.getByRole('form', { name: 'Sign in' }).waitFor({ timeout: WAIT });
    await shot(bob.page, 'sign-in');
    const form = bob.page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Username', { exact: true }).fill(bob.username);
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await bob.page.getByText(`(@${bob.username})`).waitFor({ timeout: WAIT });
    expect(errors).toEqual([]);
    await alice.context.close();
    await bob.context.close();
  }, 180_000);

  it('offline while five messages are sent: a banner, then all five once, in order; sends queued meanwhile', async () => {
    const alice = await signUpWithUsername();
    const bob = await signUpWithUsername();
    await createRoom(alice, 'away', 'public');
    await openTool(bob.page, 'Public rooms');
    await bob.page.getByRole('searchbox', { name: 'Search public rooms' }).fill('away');
    await bob.page.getByRole('searchbox', { name: 'Search public rooms' }).press('Enter');
    await bob.page.getByRole('button', { name: 'Join away' }).click();
    await send(alice, 'before');
    await untilBodies(bob, (b) => b.join() === 'before', 'before');

    const banner = bob.page.getByText('Offline — reconnecting…');
    await bob.context.setOffline(true);
    await banner.waitFor({ timeout: WAIT });
    await send(bob, 'written offline');
    await bob.page
      .locator('.message.pending', { hasText: 'written offline' })
      .getByText('Sending…')
      .waitFor();
    await shot(bob.page, 'offline');
    const five = [1, 2, 3, 4, 5].map((n) => `away ${n}`);
    for (const text of five) await send(alice, text);
    await untilBodies(alice, (b) => b.at(-1) === 'away 5', 'alice to store the five');
    expect(await bodies(bob)).toEqual(['before']);

    await bob.context.setOffline(false);
    await banner.waitFor({ state: 'hidden', timeout: WAIT });
    const shown = await untilBodies(bob, (b) => b.length >= 7, 'the five and the queued one');
    expect(shown.filter((b) => b !== 'written offline')).toEqual(['before', ...five]);
    expect(shown.filter((b) => b === 'written offline')).toHaveLength(1);
    await waitFor(async () => (await bob.page.locator('.message.pending').count()) === 0, WAIT, 'the ack');
    await untilBodies(alice, (b) => b.includes('written offline'), 'alice to get the queued send');
    // Seqs on the page: each once, ascending, no hole.
    const items = await bob.page.locator('.message-list .message[data-seq]').all();
    const seqs = (await Promise.all(items.map((item) => item.getAttribute('data-seq')))).map(Number);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    expect(errors.filter((error) => !/ERR_INTERNET_DISCONNECTED/.test(error))).toEqual([]);
    await alice.context.close();
    await bob.context.close();
  }, 120_000);

  it('pages history back by seq as it is scrolled up, and works at phone width', async () => {
    const { context, page } = await openApp(390);
    const username = uniqueUsername('web');
    const form = page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('Display name').fill('Phone');
    await form.getByLabel('Username', { exact: true }).fill(username);
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(`(@${username})`).waitFor({ timeout: WAIT });
    // 120 messages stored over REST by a second session of the same user.
    const seeder = new PChatClient({ baseUrl: app.url, WebSocket: NodeWebSocket });
    await seeder.auth.flashLogin({ username, password: PASSWORD });
    const room = await seeder.rooms.create({ name: 'long history' });
    for (let n = 1; n <= 120; n += 1) await seeder.rooms.send(room.id, `line ${n}`);
    await page.reload();
    await shot(page, 'phone-rooms');
    await page.locator('.room-link', { hasText: 'long history' }).click();
    const person = { context, page, username, name: 'Phone' };
    await untilBodies(person, (b) => b.length === 50 && b.at(-1) === 'line 120', 'the newest page');
    await expect(page.locator('.rooms-panel').isVisible()).resolves.toBe(false);
    await shot(page, 'phone-room');
    // Scrolling to the top loads the page before the oldest, until the beginning.
    await waitFor(
      async () => {
        await page.locator('.scroller').evaluate((scroller) => void (scroller.scrollTop = 0));
        return (
          (await page.getByText('This is the beginning of the room.').isVisible()) &&
          (await bodies(person)).length === 120
        );
      },
      WAIT,
      'all 120 after scrolling up',
    );
    expect(await bodies(person)).toEqual(Array.from({ length: 120 }, (_, i) => `line ${i + 1}`));
    await page.getByRole('button', { name: '← Rooms' }).click();
    await expect(page.locator('.rooms-panel').isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
