import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser, uniqueUsername } from './helpers/factories.js';

describe('flash API: /register and /login (API.md §2)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  describe('POST /register', () => {
    it('answers the seed README example: welcome Parsa with a token', async () => {
      const username = uniqueUsername('apm');
      const response = await request(app.url)
        .post('/register')
        .send({ name: 'Parsa', username, password: 'secret' })
        .expect(200)
        .expect('Content-Type', /application\/json/);
      expect(response.body).toEqual({
        code: '200',
        message: 'welcome Parsa',
        content: { token: expect.any(String) },
      });
    });

    it('stores the username lowercase and refuses it again in any case with 400', async () => {
      const username = uniqueUsername('case');
      await request(app.url)
        .post('/register')
        .send({ name: 'A', username: username.toUpperCase(), password: 'secret' })
        .expect(200);
      const again = await request(app.url)
        .post('/register')
        .send({ name: 'B', username, password: 'secret' })
        .expect(400);
      expect(again.body).toEqual({ code: '400', message: 'user already exists', content: null });
      const me = await request(app.url).post('/login').send({ username, password: 'secret' }).expect(200);
      expect(me.body.content.token).toEqual(expect.any(String));
    });

    it('ignores extra fields', async () => {
      await request(app.url)
        .post('/register')
        .send({ name: 'Extra', username: uniqueUsername(), password: 'secret', admin: true })
        .expect(200);
    });

    it.each([
      ['missing name', { username: 'abc', password: 'secret' }, 'name'],
      ['empty name', { name: '   ', username: 'abc', password: 'secret' }, 'name'],
      ['control character in name', { name: 'a\u0007b', username: 'abc', password: 'secret' }, 'name'],
      ['name too long', { name: 'x'.repeat(65), username: 'abc', password: 'secret' }, 'name'],
      ['username too short', { name: 'A', username: 'ab', password: 'secret' }, 'username'],
      ['username with bad characters', { name: 'A', username: 'a b!', password: 'secret' }, 'username'],
      ['username too long', { name: 'A', username: 'a'.repeat(33), password: 'secret' }, 'username'],
      ['username not a string', { name: 'A', username: 42, password: 'secret' }, 'username'],
      ['password too short', { name: 'A', username: 'abcdef', password: 'five5' }, 'password'],
      ['password too long', { name: 'A', username: 'abcdef', password: 'x'.repeat(1025) }, 'password'],
      ['missing password', { name: 'A', username: 'abcdef' }, 'password'],
    ])('answers 422 naming the field for %s', async (_, body, field) => {
      const response = await request(app.url).post('/register').send(body).expect(422);
      expect(response.body).toEqual({ code: '422', message: expect.stringContaining(field), content: null });
    });

    it('answers 400 in the flash envelope for malformed JSON', async () => {
      const response = await request(app.url)
        .post('/register')
        .set('Content-Type', 'application/json')
        .send('{"name": "Parsa",')
        .expect(400);
      expect(response.body).toEqual({ code: '400', message: expect.any(String), content: null });
    });

    it.each(['[1,2]', '"text"', '42', 'null'])(
      'answers 400 for a JSON body that is not an object: %s',
      async (body) => {
        const response = await request(app.url)
          .post('/register')
          .set('Content-Type', 'application/json')
          .send(body)
          .expect(400);
        expect(response.body).toEqual({ code: '400', message: expect.any(String), content: null });
      },
    );

    it('answers 413 for an oversized body', async () => {
      const response = await request(app.url)
        .post('/register')
        .send({ name: 'A', username: 'abcdef', password: 'x'.repeat(300 * 1024) })
        .expect(413);
      expect(response.body).toEqual({ code: '413', message: expect.any(String), content: null });
    });
  });

  describe('POST /login', () => {
    it('answers the seed example with an empty message and a token, ignoring a name field', async () => {
      const user = await registerFlashUser(app.url);
      const response = await request(app.url)
        .post('/login')
        .send({ name: 'ignored', username: user.username, password: user.password })
        .expect(200);
      expect(response.body).toEqual({ code: '200', message: '', content: { token: expect.any(String) } });
    });

    it('accepts the username in any case', async () => {
      const user = await registerFlashUser(app.url);
      await request(app.url)
        .post('/login')
        .send({ username: user.username.toUpperCase(), password: user.password })
        .expect(200);
    });

    it('answers "wrong credentials" alike for a wrong password and an unknown user', async () => {
      const user = await registerFlashUser(app.url);
      const wrong = await request(app.url)
        .post('/login')
        .send({ username: user.username, password: 'nope-nope' })
        .expect(400);
      const unknown = await request(app.url)
        .post('/login')
        .send({ username: uniqueUsername(), password: 'secret' })
        .expect(400);
      const expected = { code: '400', message: 'wrong credentials', content: null };
      expect(wrong.body).toEqual(expected);
      expect(unknown.body).toEqual(expected);
    });

    it.each([
      ['missing username', { password: 'secret' }],
      ['missing password', { username: 'abc' }],
      ['password not a string', { username: 'abc', password: 123456 }],
    ])('answers 422 for %s', async (_, body) => {
      const response = await request(app.url).post('/login').send(body).expect(422);
      expect(response.body).toEqual({ code: '422', message: expect.any(String), content: null });
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await request(app.url)
        .post('/login')
        .set('Content-Type', 'application/json')
        .send('{bad')
        .expect(400);
      expect(response.body).toEqual({ code: '400', message: expect.any(String), content: null });
    });
  });
});
