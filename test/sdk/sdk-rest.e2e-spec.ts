// @p-chat/client's REST side against the real app: typed calls of every family, envelope errors as
// PChatError (the bare `{}` 401s included), and serialized token refresh.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type * as SourceSdk from '../../client/src/index.js';
import { PChatError } from '../../client/src/index.js';
import { createTestApp, type TestApp } from '../helpers/create-app.js';
import { uniqueUsername } from '../helpers/factories.js';
import { flashUser, sdkClient, sessionUser } from './sdk-clients.js';

async function refused(promise: Promise<unknown>): Promise<PChatError> {
  const error = await promise.then(
    () => new Error('expected the call to be refused'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof PChatError)) throw error;
  return error;
}

describe('@p-chat/client REST', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('flash API', () => {
    it('registers, logs in and reads the directory with typed calls', async () => {
      const { client, username } = await flashUser(app.url);
      const me = await client.users.me();
      expect(me).toMatchObject({ username, email: null, email_verified: false });
      const profile = await client.users.get(username.toUpperCase());
      expect(profile).toMatchObject({ username, online: false });
      const list = await client.users.list({ q: username, limit: 5 });
      expect(list).toEqual([{ name: `SDK ${username}`, username }]);

      const { client: other } = sdkClient(app.url);
      await other.auth.flashLogin({ username, password: 'secret' });
      expect((await other.users.me()).username).toBe(username);
    });

    it('turns flash-envelope refusals into PChatError with the status, a code and the message', async () => {
      const { client, username } = await flashUser(app.url);
      const wrong = await refused(
        sdkClient(app.url).client.auth.flashLogin({ username, password: 'nope!!' }),
      );
      expect(wrong).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: 'wrong credentials' });
      expect(wrong.requestId).toMatch(/.+/);
      const missing = await refused(client.users.get('nobody-' + uniqueUsername()));
      expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'user not found' });
      const invalid = await refused(client.users.list({ limit: 0 }));
      expect(invalid).toMatchObject({ status: 422, code: 'VALIDATION_FAILED' });
    });

    it('refuses a call before sign-in with NOT_SIGNED_IN, sending nothing', async () => {
      const { client, calls } = sdkClient(app.url);
      expect(await refused(client.rooms.list())).toMatchObject({ status: 401, code: 'NOT_SIGNED_IN' });
      expect(calls.size).toBe(0);
    });
  });

  describe('session API', () => {
    it('signs in with register → emailVerify and with authorize, lists and revokes sessions', async () => {
      const user = await sessionUser(app.url);
      const { client: laptop } = sdkClient(app.url);
      const tokens = await laptop.auth.signIn({ email: user.email, password: user.password });
      expect(tokens.refreshToken).toEqual(expect.any(String));
      const sessions = await laptop.session.list();
      expect(sessions).toHaveLength(2);
      const phone = sessions.find((session) => !session.current)!;
      await laptop.session.revoke(phone.id);
      const lost = await refused(user.client.rooms.list());
      expect(lost).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      // The refresh that followed the 401 was refused too, so the SDK signed out.
      expect(await user.client.tokens.current()).toBeNull();
    });

    it('reads the session error envelope and the bare {} 401 into codes', async () => {
      const user = await sessionUser(app.url);
      const taken = await refused(
        sdkClient(app.url).client.auth.register({ email: user.email, password: 'secret-password' }),
      );
      expect(taken).toMatchObject({ status: 409, code: 'EMAIL_TAKEN' });
      const invalid = await refused(
        sdkClient(app.url).client.auth.register({ email: 'not-an-email', password: 'x' }),
      );
      expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(Array.isArray(invalid.details)).toBe(true);
      const wrong = await refused(
        sdkClient(app.url).client.auth.signIn({ email: user.email, password: 'wrong-password' }),
      );
      expect(wrong).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    });

    it('signs out: the session is revoked on the server and the tokens are forgotten', async () => {
      const user = await sessionUser(app.url);
      const before = (await user.client.tokens.current())!;
      await user.client.auth.signOut();
      expect(await user.client.tokens.current()).toBeNull();
      const { client: replay } = sdkClient(app.url);
      await replay.tokens.signedInWithPair({
        access_token: before.accessToken,
        refresh_token: before.refreshToken!,
        access_token_valid_to: new Date(before.accessExpiresAt).toISOString(),
        refresh_token_valid_to: new Date(before.refreshExpiresAt!).toISOString(),
        scope: before.scope,
      });
      expect(await refused(replay.session.list())).toMatchObject({ status: 401 });
    });
  });

  describe('serialized refresh', () => {
    it('two concurrent refreshes make one rotation and leave the session alive', async () => {
      const user = await sessionUser(app.url);
      const before = (await user.client.tokens.current())!;
      const [first, second] = await Promise.all([user.client.auth.refresh(), user.client.auth.refresh()]);
      expect(user.calls.get('POST /session/refresh')).toBe(1);
      expect(second).toEqual(first);
      expect(first.refreshToken).not.toBe(before.refreshToken);
      // Not revoked: the new tokens work and rotate again.
      expect((await user.client.session.list()).length).toBe(1);
      await user.client.auth.refresh();
      expect(user.calls.get('POST /session/refresh')).toBe(2);
      expect((await user.client.session.list()).length).toBe(1);
    });

    it('(the race it prevents) two raw refreshes with one token revoke the session', async () => {
      const user = await sessionUser(app.url);
      const { refreshToken } = (await user.client.tokens.current())!;
      const raw = () =>
        fetch(`${app.url}/session/refresh`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refresh_token: refreshToken }),
        });
      const first = await raw();
      const replay = await raw();
      expect([first.status, replay.status]).toEqual([200, 401]);
      const rotated = ((await first.json()) as { data: { access_token: string } }).data.access_token;
      const after = await fetch(`${app.url}/session`, { headers: { Authorization: `Bearer ${rotated}` } });
      expect(after.status).toBe(401);
    });

    it('calls that find the access token about to expire share one refresh', async () => {
      const user = await sessionUser(app.url);
      const tokens = (await user.client.tokens.current())!;
      // As if the token were a second from expiry (the memory store hands out its own object).
      tokens.accessExpiresAt = Date.now() + 1000;
      await Promise.all([user.client.rooms.list(), user.client.users.me(), user.client.session.list()]);
      expect(user.calls.get('POST /session/refresh')).toBe(1);
      expect((await user.client.tokens.current())!.accessToken).not.toBe(tokens.accessToken);
    });

    it('a 401 on a call renews the token once and retries', async () => {
      const user = await sessionUser(app.url);
      const tokens = (await user.client.tokens.current())!;
      tokens.accessToken = `${tokens.accessToken.slice(0, -4)}AAAA`;
      expect(await user.client.rooms.list()).toEqual([]);
      expect(user.calls.get('GET /rooms')).toBe(2);
      expect(user.calls.get('POST /session/refresh')).toBe(1);
    });
  });

  describe('rooms API', () => {
    it('covers rooms, members, direct rooms, history, idempotent sends, edits, deletes and read markers', async () => {
      const alice = await flashUser(app.url);
      const bob = await flashUser(app.url);
      const room = await alice.client.rooms.create({ name: 'SDK room', topic: 'typed' });
      expect(room).toMatchObject({ name: 'SDK room', visibility: 'private', role: 'owner', member_count: 1 });
      const member = await alice.client.rooms.addMember(room.id, bob.username);
      expect(member).toMatchObject({ username: bob.username, role: 'member' });
      expect((await bob.client.rooms.list()).map((r) => r.id)).toEqual([room.id]);
      expect((await alice.client.rooms.members(room.id)).map((m) => m.username).sort()).toEqual(
        [alice.username, bob.username].sort(),
      );
      expect(await alice.client.rooms.changeRole(room.id, bob.username, 'admin')).toMatchObject({
        role: 'admin',
      });
      expect(await alice.client.rooms.update(room.id, { topic: 'edited' })).toMatchObject({
        topic: 'edited',
      });

      const first = await bob.client.rooms.send(room.id, 'hello', 'c-1');
      const replay = await bob.client.rooms.send(room.id, 'hello', 'c-1');
      expect(replay.id).toBe(first.id);
      const second = await alice.client.rooms.send(room.id, 'second');
      expect(await alice.client.rooms.editMessage(room.id, second.id, 'second!')).toMatchObject({
        body: 'second!',
      });
      await alice.client.rooms.deleteMessage(room.id, second.id);
      const history = await bob.client.rooms.history(room.id, { after: 0 });
      expect(history.map((m) => [m.seq, m.body, m.deleted])).toEqual([
        [1, 'hello', false],
        [2, null, true],
      ]);
      expect(await bob.client.rooms.markRead(room.id, 2)).toMatchObject({
        room_id: room.id,
        last_read_seq: 2,
      });

      const direct = await alice.client.rooms.direct(bob.username);
      expect(direct).toMatchObject({ kind: 'direct', name: null });
      expect((await bob.client.rooms.direct(alice.username)).id).toBe(direct.id);

      const outsider = await flashUser(app.url);
      expect(await refused(outsider.client.rooms.get(room.id))).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(await refused(outsider.client.rooms.history(room.id))).toMatchObject({ status: 404 });
      const extra = await refused(alice.client.rooms.create({ name: 'x', colour: 'red' } as never));
      expect(extra).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      const open = await alice.client.rooms.create({ name: 'Open', visibility: 'public' });
      expect((await outsider.client.rooms.discover({ q: 'Open' })).map((r) => r.id)).toContain(open.id);
      expect(await outsider.client.rooms.join(open.id)).toMatchObject({ id: open.id, role: 'member' });
      await outsider.client.rooms.leave(open.id);
      await alice.client.rooms.removeMember(room.id, bob.username);
      await alice.client.rooms.delete(room.id);
      expect(await refused(alice.client.rooms.get(room.id))).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('blocks API', () => {
    it('blocks, lists and unblocks; the blocked user gets BLOCKED', async () => {
      const alice = await flashUser(app.url);
      const bob = await flashUser(app.url);
      const block = await alice.client.blocks.block(bob.username);
      expect(block).toEqual({
        username: bob.username,
        name: expect.any(String),
        blocked_at: expect.any(String),
      });
      expect(await alice.client.blocks.list()).toEqual([block]);
      expect(await refused(bob.client.rooms.direct(alice.username))).toMatchObject({
        status: 403,
        code: 'BLOCKED',
      });
      await alice.client.blocks.unblock(bob.username);
      expect(await refused(alice.client.blocks.unblock(bob.username))).toMatchObject({ status: 404 });
      expect(await alice.client.blocks.list()).toEqual([]);
    });
  });

  it('works as the installed workspace package: `import "@p-chat/client"` (ESM + .d.ts)', async () => {
    // Asynchronously: a blocked event loop would stall the in-process server (and its keep-alive sockets).
    await promisify(execFile)('npm', ['run', 'sdk:build'], { timeout: 120_000 });
    expect(existsSync('client/dist/index.d.ts')).toBe(true);
    // A variable, so type-checking does not depend on a build being there.
    const name: string = '@p-chat/client';
    const sdk = (await import(name)) as typeof SourceSdk;
    const client = new sdk.PChatClient({ baseUrl: app.url });
    expect(await client.health.live()).toEqual({ status: 'ok' });
    const error = await client.rooms.list().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(sdk.PChatError);
  });

  it('has a call for every operation of /docs-json', async () => {
    const document = (await (await fetch(`${app.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const sources = readdirSync('client/src/rest')
      .filter((file) => file.endsWith('-api.ts'))
      .map((file) => readFileSync(`client/src/rest/${file}`, 'utf8'))
      .join('\n');
    // The documents themselves (/docs*, /asyncapi.json) are for people and tools, not API calls.
    const operations = Object.entries(document.paths)
      .filter(([path]) => !/^\/(docs|asyncapi\.json)/.test(path))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations.filter((operation) => {
      const [method, path] = operation.split(' ');
      return !sources.includes(`call('${method}', '${path}'`);
    });
    expect(missing).toEqual([]);
  });

  it('reads health outside both envelopes', async () => {
    const { client } = sdkClient(app.url);
    expect(await client.health.live()).toEqual({ status: 'ok' });
    expect(await client.health.ready()).toMatchObject({ status: 'ok' });
  });
});
