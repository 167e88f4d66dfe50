import { describe, expect, it } from '@jest/globals';
import { errorDoc } from '../common/openapi/api-responses.js';
import { UsernameTakenError } from '../users/users.errors.js';
import { errorResponses, routeErrors } from './openapi-errors.js';
import type { RouteFacts } from './route-facts.js';

const facts = (over: Partial<RouteFacts> = {}): RouteFacts => ({
  isPublic: false,
  scopes: [],
  rateLimited: false,
  floodLimited: false,
  errors: [],
  ...over,
});

const codesOf = (schema: unknown): unknown =>
  (schema as { allOf: { properties?: { error: { properties: { code: { enum: string[] } } } } }[] }).allOf[1]
    ?.properties?.error.properties.code.enum;

describe('routeErrors', () => {
  it('adds what the guards, pipe and middleware can answer', () => {
    const codes = routeErrors(
      'post',
      '/rooms',
      true,
      facts({ scopes: ['chat:write'], rateLimited: true }),
    ).map((e) => e.code);
    expect(codes).toEqual([
      'BAD_REQUEST',
      'PAYLOAD_TOO_LARGE',
      'VALIDATION_FAILED', // a query or path value refused at the input edge
      'VALIDATION_FAILED', // the body
      'UNAUTHORIZED',
      'INSUFFICIENT_SCOPE',
      'RATE_LIMITED',
      'DATABASE_UNAVAILABLE',
      'INTERNAL',
    ]);
  });

  it('lists VALIDATION_FAILED for a body on a body-less route of the new APIs only', () => {
    const reasons = (path: string): string[] =>
      routeErrors('post', path, false, facts()).map((e) => e.description);
    expect(reasons('/dm/{username}')).toContain('a body on a route that takes none');
    expect(reasons('/session/logout')).not.toContain('a body on a route that takes none');
  });

  it('adds to public GETs only the input edge, the outage and internal errors, and nothing to health', () => {
    expect(
      routeErrors('get', '/session/emailVerify', false, facts({ isPublic: true })).map((e) => e.code),
    ).toEqual(['VALIDATION_FAILED', 'DATABASE_UNAVAILABLE', 'INTERNAL']);
    expect(routeErrors('get', '/health', false, facts({ isPublic: true }))).toEqual([]);
  });
});

describe('errorResponses', () => {
  it('groups codes by the status of their kind, as an enum in the session envelope', () => {
    const responses = errorResponses('/rooms', [
      errorDoc({ kind: 'invalid', code: 'VALIDATION_FAILED' }, 'bad'),
      errorDoc({ kind: 'malformed', code: 'BAD_REQUEST' }, 'bad json'),
      errorDoc({ kind: 'rate_limited', code: 'RATE_LIMITED' }, 'slow down'),
    ]);
    expect(Object.keys(responses)).toEqual(['400', '429']);
    expect(codesOf(responses['400']?.content?.['application/json']?.schema)).toEqual([
      'VALIDATION_FAILED',
      'BAD_REQUEST',
    ]);
    expect(responses['429']?.headers).toHaveProperty('Retry-After');
  });

  it('uses the flash statuses and envelope on flash routes', () => {
    const responses = errorResponses('/register', [
      errorDoc({ kind: 'invalid', code: 'VALIDATION_FAILED' }, 'bad'),
      errorDoc(UsernameTakenError),
    ]);
    expect(Object.keys(responses)).toEqual(['400', '422']);
    expect(JSON.stringify(responses['422']?.content)).toContain('FlashError');
    expect(responses['400']?.description).toContain('user already exists');
  });

  it('answers the bare {} on the 401 of authorize, emailVerify and refresh only', () => {
    const unauthorized = errorDoc({ kind: 'unauthorized', code: 'INVALID_CREDENTIALS' }, 'wrong');
    expect(errorResponses('/session/authorize', [unauthorized])['401']?.content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/EmptyObject' } },
    });
    expect(JSON.stringify(errorResponses('/session', [unauthorized])['401']?.content)).toContain(
      'SessionError',
    );
  });
});
