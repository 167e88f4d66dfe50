// The served documents themselves: /docs-json is valid OpenAPI 3.1 and exact in form (every success
// has a body schema, every error lists its codes, every response its X-Request-Id, scopes on every
// protected route); /asyncapi.json is valid AsyncAPI 3.0 (@asyncapi/parser); /docs/ws renders it.
// And the validators the whole suite runs (test/helpers/contract-checks.ts) do catch what the
// documents do not describe.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Parser } from '@asyncapi/parser';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import WebSocket from 'ws';
import { AsyncApiValidator } from './helpers/asyncapi-validator.js';
import { settleContractChecks } from './helpers/contract-documents.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { registerFlashUser } from './helpers/factories.js';
import { OpenApiValidator } from './helpers/openapi-validator.js';
import { TestSocket, upgradeStatus } from './helpers/ws-client.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { headers?: Json; content?: Record<string, { schema?: Json }> }>;
}

describe('API documents (API.md §8)', () => {
  let app: TestApp;
  let openApi: Json;
  let asyncApi: Json;
  let operations: [string, string, Operation][];

  beforeAll(async () => {
    app = await createTestApp();
    openApi = (await request(app.url).get('/docs-json').expect(200)).body as Json;
    asyncApi = (await request(app.url).get('/asyncapi.json').expect(200)).body as Json;
    operations = Object.entries(openApi.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, item]) =>
        Object.entries(item).map(([method, op]): [string, string, Operation] => [path, method, op]),
    );
  });
  afterAll(() => app.close());

  describe('/docs-json', () => {
    it('is a valid OpenAPI 3.1 document', async () => {
      expect(openApi.openapi).toBe('3.1.0');
      const result = await new Validator().validate(structuredClone(openApi));
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('has no OpenAPI 3.0 leftovers in its schemas', () => {
      const text = JSON.stringify(openApi);
      expect(text).not.toContain('"nullable"');
      expect(text).not.toMatch(/"exclusive(Minimum|Maximum)":(true|false)/);
    });

    it('gives every success a body schema and every response an X-Request-Id', () => {
      for (const [path, method, op] of operations) {
        for (const [status, response] of Object.entries(op.responses)) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          expect([where, response.headers?.['X-Request-Id']]).toEqual([where, expect.anything()]);
          const media = Object.values(response.content ?? {});
          expect([where, media.length > 0]).toEqual([where, true]);
          for (const type of media) expect([where, type.schema]).toEqual([where, expect.any(Object)]);
        }
      }
    });

    it('lists the codes of every session-envelope error as an enum, with Retry-After on 429', () => {
      for (const [path, method, op] of operations) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          const schema = JSON.stringify(response.content?.['application/json']?.schema);
          if (schema.includes('SessionError')) expect(schema).toMatch(/"enum":\["[A-Z_]+/);
          if (status === '429')
            expect([path, method, response.headers?.['Retry-After']]).toEqual([
              path,
              method,
              expect.anything(),
            ]);
        }
      }
    });

    it('gives examples that are valid answers of their operation', () => {
      const validator = new OpenApiValidator(openApi);
      let examples = 0;
      for (const [path, method, op] of operations) {
        for (const [status, response] of Object.entries(op.responses)) {
          const media = response.content?.['application/json'] as { example?: unknown } | undefined;
          if (media?.example === undefined) continue;
          examples += 1;
          const observed = {
            method,
            url: path.replace(/\{[^}]+\}/g, 'p1'),
            status: Number(status),
            headers: { 'x-request-id': 'r-1', 'retry-after': '1', 'content-type': 'application/json' },
            body: media.example,
          };
          expect(validator.validate(observed)).toEqual([]);
        }
      }
      expect(examples).toBeGreaterThan(8);
    });

    it('describes the bare {} 401s of authorize, emailVerify and refresh', () => {
      for (const [path, method] of [
        ['/session/authorize', 'post'],
        ['/session/emailVerify', 'get'],
        ['/session/refresh', 'post'],
      ] as const) {
        const op = operations.find(([p, m]) => p === path && m === method)?.[2];
        expect(op?.responses['401']?.content?.['application/json']?.schema).toEqual({
          $ref: '#/components/schemas/EmptyObject',
        });
      }
    });

    it('states the scopes each protected route needs, and none on public ones', () => {
      const security = (path: string, method: string): unknown =>
        operations.find(([p, m]) => p === path && m === method)?.[2].security;
      expect(security('/rooms', 'get')).toEqual([{ bearer: ['chat:read'] }]);
      expect(security('/rooms/{id}/messages', 'post')).toEqual([{ bearer: ['chat:write'] }]);
      expect(security('/users', 'get')).toEqual([{ bearer: ['users:read'] }]);
      expect(security('/session', 'get')).toEqual([{ bearer: ['session'] }]);
      expect(security('/session/authorize', 'post')).toEqual([]);
      expect(security('/health', 'get')).toEqual([]);
      for (const [path, method, op] of operations)
        expect([path, method, op.security]).toEqual([path, method, expect.any(Array)]);
    });

    it('names its schemas uniquely (the chat message is not the session notice)', () => {
      const schemas = (openApi.components as { schemas: Record<string, Json> }).schemas;
      expect(Object.keys(schemas.MessageResponse?.properties as Json)).toContain('seq');
      expect(Object.keys(schemas.SessionNoticeResponse?.properties as Json)).toEqual(['message']);
      const ids = operations.map(([, , op]) => op.operationId);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('is what the /docs UI shows', async () => {
      const init = await request(app.url).get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain('3.1.0');
      expect(init.text).toContain('/rooms/{id}/messages');
    });

    it('documents the documents, the health routes and /metrics', () => {
      const paths = Object.keys(openApi.paths as Json);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/docs',
          '/docs-json',
          '/asyncapi.json',
          '/docs/ws',
          '/health',
          '/health/ready',
          '/metrics',
        ]),
      );
      const metrics = operations.find(([path, method]) => path === '/metrics' && method === 'get')?.[2];
      expect(Object.keys(metrics?.responses ?? {}).sort()).toEqual(['200', '401', '404']);
      expect(Object.keys(metrics?.responses['200'].content ?? {})).toEqual(['text/plain']);
      expect(metrics?.security).toEqual([]);
    });
  });

  describe('/asyncapi.json', () => {
    it('is a valid AsyncAPI 3.0 document (@asyncapi/parser, no error diagnostics)', async () => {
      expect(asyncApi.asyncapi).toBe('3.0.0');
      const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApi));
      expect(diagnostics.filter((d) => (d.severity as number) === 0 /* DiagnosticSeverity.Error */)).toEqual(
        [],
      );
      expect(
        document
          ?.channels()
          .all()
          .map((channel) => channel.address()),
      ).toEqual(['/ws', '/chats/{username}']);
    });

    it('describes every frame of API.md §6 (and §9, reactions) both ways on /ws', () => {
      const names = (action: string): string[] =>
        Object.values(asyncApi.operations as Record<string, Json>)
          .filter((op) => op.action === action && (op.channel as Json).$ref === '#/channels/ws')
          .map((op) => String(op.summary).split(': ')[1] ?? '');
      expect(names('receive').sort()).toEqual(
        [
          'auth',
          'message.delete',
          'message.edit',
          'message.send',
          'ping',
          'read',
          'resume',
          'typing',
          'reaction.add',
          'reaction.remove',
        ].sort(),
      );
      expect(names('send').sort()).toEqual(
        [
          'message',
          'message.ack',
          'reaction.added',
          'reaction.removed',
          'message.updated',
          'typing',
          'read',
          'presence',
          'room.updated',
          'room.member_joined',
          'room.member_updated',
          'room.member_left',
          'room.deleted',
          'resume.done',
          'auth.ok',
          'pong',
          'error',
          'session.expired',
        ].sort(),
      );
    });

    it('gives examples that are valid frames of their channel', () => {
      const validator = new AsyncApiValidator(asyncApi);
      const operations = Object.values(asyncApi.operations as Record<string, Json>);
      for (const [id, channel] of Object.entries(asyncApi.channels as Record<string, Json>)) {
        const address = String(channel.address).replace('{username}', 'popo');
        for (const op of operations.filter(
          (o) => o.action === 'send' && (o.channel as Json).$ref === `#/channels/${id}`,
        )) {
          const key =
            String((op.messages as Json[])[0]?.$ref)
              .split('/')
              .pop() ?? '';
          const message = (channel.messages as Record<string, { examples: { payload: unknown }[] }>)[key];
          for (const example of message?.examples ?? [])
            expect(validator.frame(address, example.payload)).toEqual([]);
        }
      }
    });

    it('is rendered for people at /docs/ws, with no external asset', async () => {
      const page = await request(app.url).get('/docs/ws').expect(200).expect('Content-Type', /html/);
      for (const text of [
        '/chats/{username}',
        'message.ack',
        'session.expired',
        '4001',
        'bearer.&lt;jwt&gt;',
      ]) {
        expect(page.text).toContain(text);
      }
      expect(page.text).not.toMatch(/<script|https?:\/\/(?!localhost)/);
    });
  });

  describe('the validators of the e2e suite', () => {
    it('refuse a response the OpenAPI document does not describe', () => {
      const validator = new OpenApiValidator(openApi);
      const ok = {
        method: 'GET',
        url: '/health',
        status: 200,
        headers: { 'x-request-id': 'r-1', 'content-type': 'application/json' },
      };
      expect(validator.validate({ ...ok, body: { status: 'ok' } })).toEqual([]);
      expect(validator.validate({ ...ok, body: { status: 'ok', extra: 1 } })).toEqual([
        expect.stringMatching(/does not match/),
      ]);
      expect(validator.validate({ ...ok, status: 418, body: {} })).toEqual([
        expect.stringMatching(/status not documented/),
      ]);
      expect(
        validator.validate({
          ...ok,
          headers: { 'content-type': 'application/json' },
          body: { status: 'ok' },
        }),
      ).toEqual([expect.stringMatching(/X-Request-Id missing/)]);
      expect(validator.validate({ ...ok, method: 'PUT', status: 200, body: {} })).toEqual([
        expect.stringMatching(/no operation/),
      ]);
      const unknownRoute = {
        ...ok,
        url: '/nope',
        status: 404,
        body: { status: 'Error', error: { code: 'NOT_FOUND', message: 'x' } },
      };
      expect(validator.validate(unknownRoute)).toEqual([]);
      const wrongCode = {
        ...unknownRoute,
        url: '/rooms',
        status: 401,
        body: { status: 'Error', error: { code: 'NOPE', message: 'x' } },
      };
      expect(validator.validate(wrongCode)).toEqual([expect.stringMatching(/does not match/)]);
      const noRetryAfter = {
        ...ok,
        method: 'POST',
        url: '/login',
        status: 429,
        body: { code: '429', message: 'too many requests', content: null },
      };
      expect(validator.validate(noRetryAfter)).toEqual([expect.stringMatching(/Retry-After missing/)]);
    });

    it('refuse a frame, a close code or a refusal the AsyncAPI document does not describe', () => {
      const validator = new AsyncApiValidator(asyncApi);
      expect(validator.frame('/ws', { event: 'pong', data: {} })).toEqual([]);
      expect(validator.frame('/ws', { event: 'pong', data: { late: true } })).toEqual([
        expect.stringMatching(/does not match/),
      ]);
      expect(validator.frame('/ws', { event: 'message.send', data: {} })).toEqual([
        expect.stringMatching(/not in the document/),
      ]);
      expect(validator.frame('/chats/apm', { from: 'apm', body: 'hi', sent_at: 1 })).toEqual([]);
      expect(validator.frame('/chats/apm', { event: 'pong', data: {} })).toEqual([
        expect.stringMatching(/does not match/),
      ]);
      expect(validator.close('/ws', 4001)).toEqual([]);
      expect(validator.close('/ws', 4999)).toEqual([expect.stringMatching(/close code 4999/)]);
      const body = JSON.stringify({
        status: 'Error',
        error: { code: 'UNAUTHORIZED', message: 'missing token' },
      });
      expect(validator.refusal('/ws', 401, { 'x-request-id': 'r' }, body)).toEqual([]);
      expect(validator.refusal('/ws', 401, {}, body)).toEqual([expect.stringMatching(/X-Request-Id/)]);
      expect(validator.refusal('/ws', 402, { 'x-request-id': 'r' }, body)).toEqual([
        expect.stringMatching(/status not in/),
      ]);
    });

    it('are wired into the WebSocket client: frames are checked against their own channel', async () => {
      const user = await registerFlashUser(app.url);
      // A /ws socket checked as if it were /chats/{username}: its pong is not a frame of that channel.
      const ws = new WebSocket(`${app.wsUrl}/ws`, { headers: { Authorization: `Bearer ${user.token}` } });
      const socket = new TestSocket(ws, { base: app.wsUrl, path: '/chats/someone' });
      await new Promise((resolve) => ws.once('open', resolve));
      socket.emit('ping');
      await socket.next('pong');
      await socket.close();
      expect(await settleContractChecks()).toEqual([expect.stringMatching(/^chats: frame does not match/)]);
    });

    it('check responses to plain fetch calls too', async () => {
      await fetch(`${app.url}/health`);
      expect(await settleContractChecks()).toEqual([]);
      // A server whose document lists no route: whatever it answers is undescribed.
      const server = createServer((req, res) => {
        res.setHeader('Content-Type', 'application/json');
        const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} };
        res.end(JSON.stringify(req.url === '/docs-json' ? document : {}));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        await (await fetch(`http://127.0.0.1:${port}/thing`)).text();
        expect(await settleContractChecks()).toEqual([
          expect.stringMatching(/^fetch: GET \/thing → 200: no operation/),
        ]);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('check refused upgrades too (status, X-Request-Id, body)', async () => {
      expect(await upgradeStatus(app.wsUrl, '/ws')).toBe(401);
      expect(await upgradeStatus(app.wsUrl, '/ws', { token: 'not-a-jwt' })).toBe(401);
      expect(await settleContractChecks()).toEqual([]);
    });
  });
});
