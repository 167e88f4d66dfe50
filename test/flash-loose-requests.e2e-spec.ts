// What the original flash clients send (API.md §2): bodies without a JSON Content-Type, and
// `Authorization: <jwt>` with no scheme word — accepted on the flash routes and /chats/*, and only there.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { openApiValidatorFor, recordContractCheck } from './helpers/contract-documents.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, uniqueUsername, type FlashUser } from './helpers/factories.js';
import { connect, upgradeStatus } from './helpers/ws-client.js';

interface RawAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A POST exactly as given: no Content-Type unless `contentType` names one (supertest always sets one). */
function rawPost(base: string, path: string, body: string, contentType?: string): Promise<RawAnswer> {
  const url = new URL(path, base);
  const headers: Record<string, string> = { 'Content-Length': String(Buffer.byteLength(body)) };
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        const parsed = JSON.parse(text) as Record<string, unknown>;
        recordContractCheck(async () =>
          (await openApiValidatorFor(base)).validate({
            method: 'POST',
            url: path,
            status,
            headers: res.headers,
            body: parsed,
          }),
        );
        resolve({ status, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('loose flash requests', () => {
  let app: TestApp;
  let user: FlashUser;

  beforeAll(async () => {
    app = await createTestApp();
    user = await registerFlashUser(app.url);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('bodies without a JSON Content-Type', () => {
    it.each([
      ['no Content-Type', undefined],
      ['text/plain', 'text/plain'],
      ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
    ])('parses /register and /login bodies sent with %s as JSON', async (_, contentType) => {
      const username = uniqueUsername();
      const registered = await rawPost(
        app.url,
        '/register',
        JSON.stringify({ name: 'Old Client', username, password: 'secret' }),
        contentType,
      );
      expect(registered).toEqual({
        status: 200,
        body: { code: '200', message: 'welcome Old Client', content: { token: expect.any(String) } },
      });
      const login = await rawPost(
        app.url,
        '/login',
        JSON.stringify({ username, password: 'secret' }),
        contentType,
      );
      expect(login.status).toBe(200);
      expect(login.body.content).toEqual({ token: expect.any(String) });
    });

    it('answers 400 in the flash envelope for a body that does not parse, whatever its type', async () => {
      for (const contentType of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
        const answer = await rawPost(app.url, '/login', 'username=apm&password=secret', contentType);
        expect(answer).toEqual({
          status: 400,
          body: { code: '400', message: expect.any(String), content: null },
        });
      }
    });

    it('keeps flash validation: parseable JSON that breaks a rule is 422', async () => {
      const answer = await rawPost(
        app.url,
        '/register',
        JSON.stringify({ name: 'x', username: 'a' }),
        'text/plain',
      );
      expect(answer.status).toBe(422);
    });

    it('does not loosen the session and rooms routes: a text/plain JSON body is not read there', async () => {
      const room = await request(app.url)
        .post('/rooms')
        .set('Authorization', `Bearer ${user.token}`)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ name: 'should not exist' }));
      expect(room.status).toBe(400);
      expect(room.body.error.code).toBe('BAD_REQUEST');
      const rooms = await request(app.url)
        .get('/rooms')
        .set('Authorization', `Bearer ${user.token}`)
        .expect(200);
      expect(rooms.body.data).toEqual([]);

      const registered = await rawPost(
        app.url,
        '/session/register',
        JSON.stringify({ email: `${uniqueUsername()}@example.com`, password: 'secret-password' }),
        'text/plain',
      );
      expect(registered.status).toBe(400);
      expect(registered.body.status).toBe('Error');
    });
  });

  describe('Authorization: <jwt> with no scheme word', () => {
    it('is accepted on the flash routes', async () => {
      const list = await request(app.url).get('/users').set('Authorization', user.token).expect(200);
      expect(list.body.code).toBe('200');
      const me = await request(app.url).get('/users/me').set('Authorization', user.token).expect(200);
      expect(me.body.content.username).toBe(user.username);
      await request(app.url)
        .get(`/users/${user.username}`)
        .set('Authorization', ` ${user.token} `)
        .expect(200);
    });

    it('is accepted on /chats/*, refused on /ws', async () => {
      const peer = await registerFlashUser(app.url);
      const chat = await connect(app.wsUrl, `/chats/${peer.username}`, {
        headers: { Authorization: user.token },
      });
      await chat.close();
      expect(await upgradeStatus(app.wsUrl, '/ws', { headers: { Authorization: user.token } })).toBe(401);
    });

    it('is refused on the session API and the rooms routes (401)', async () => {
      for (const path of ['/rooms', '/session', '/blocks']) {
        const answer = await request(app.url).get(path).set('Authorization', user.token).expect(401);
        expect(answer.body.error.code).toBe('UNAUTHORIZED');
      }
    });

    it('still needs a valid token: a bare non-token is 401 on flash routes', async () => {
      const answer = await request(app.url).get('/users').set('Authorization', 'not-a-token').expect(401);
      expect(answer.body).toEqual({ code: '401', message: expect.any(String), content: null });
      const forged = `${user.token.slice(0, -4)}AAAA`;
      await request(app.url).get('/users').set('Authorization', forged).expect(401);
    });
  });
});
