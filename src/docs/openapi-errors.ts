// Error responses of the OpenAPI document, built from each route's facts: the errors it declares
// (@ApiErrors) plus the ones every route of its kind shares, grouped by status, in the envelope of
// the route's family, with the codes as an enum.
import type { ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { ErrorDoc } from '../common/openapi/api-responses.js';
import { answersBareUnauthorized, statusFor } from '../common/http/error-status.js';
import { routeFamily, type RouteFamily } from '../common/http/route-family.js';
import type { RouteFacts } from './route-facts.js';

export const ERROR_SCHEMAS: Record<string, SchemaObject> = {
  SessionError: {
    type: 'object',
    description: 'The session envelope of an error (API.md §0).',
    required: ['status', 'error'],
    additionalProperties: false,
    properties: {
      status: { type: 'string', enum: ['Error'] },
      error: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'UPPER_SNAKE error code' },
          message: { type: 'string', description: 'for people; never a stack trace or SQL' },
          details: {
            description:
              'VALIDATION_FAILED: `[{field, problems: [..]}]`; MESSAGE_TOO_LONG: `{max}`; otherwise absent',
          },
        },
      },
    },
    example: { status: 'Error', error: { code: 'NOT_FOUND', message: 'room not found' } },
  },
  FlashError: {
    type: 'object',
    description: 'The flash envelope of an error: `code` is the HTTP status as a string, `message` says why.',
    required: ['code', 'message', 'content'],
    additionalProperties: false,
    properties: {
      code: { type: 'string', pattern: '^[0-9]{3}$' },
      message: { type: 'string' },
      content: { nullable: true, enum: [null] },
    },
    example: { code: '400', message: 'wrong credentials', content: null },
  },
  EmptyObject: {
    type: 'object',
    description:
      'The bare `{}` kept from the original session API for 401 on /session/authorize, /session/emailVerify and /session/refresh.',
    maxProperties: 0,
    example: {},
  },
};

const REQUEST_ID_HEADER = { $ref: '#/components/headers/X-Request-Id' };

export const SHARED_HEADERS = {
  'X-Request-Id': {
    description:
      'On every response: the request’s own X-Request-Id when it is 1–128 chars of `A-Z a-z 0-9 . _ : -`, else a generated one (also in the logs).',
    required: true,
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
  },
  'Retry-After': {
    description: 'Seconds until the rate limit lets this caller in again.',
    required: true,
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
};

const SHARED = {
  malformed: {
    kind: 'malformed',
    code: 'BAD_REQUEST',
    description: 'malformed JSON, or a body that is not a JSON object',
  },
  validation: {
    kind: 'invalid',
    code: 'VALIDATION_FAILED',
    description: 'the body breaks a rule (details/message name the fields)',
  },
  tooLarge: {
    kind: 'too_large',
    code: 'PAYLOAD_TOO_LARGE',
    description: 'the body is over BODY_LIMIT_BYTES',
  },
  unauthorized: {
    kind: 'unauthorized',
    code: 'UNAUTHORIZED',
    description: 'missing, malformed, expired or revoked access token',
  },
  rateLimited: {
    kind: 'rate_limited',
    code: 'RATE_LIMITED',
    description:
      'too many attempts per identifier or per IP (AUTH_RATE_LIMIT, AUTH_RATE_LIMIT_IP); see Retry-After',
  },
  floodLimited: {
    kind: 'rate_limited',
    code: 'RATE_LIMITED',
    description:
      'over the per-user message budget (WS_FLOOD_RATE a second, burst WS_FLOOD_BURST; shared with /ws and /chats, and by every instance with REDIS_URL); see Retry-After',
  },
  internal: {
    kind: 'internal',
    code: 'INTERNAL',
    description: 'an unexpected failure; the message carries the request id, which is logged',
  },
  database: {
    kind: 'unavailable',
    code: 'DATABASE_UNAVAILABLE',
    description: 'the database is unreachable (answered within 10 s)',
  },
} satisfies Record<string, ErrorDoc>;

const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** The errors a route can answer: its own and those its guards, pipes and middleware add. */
export function routeErrors(method: string, path: string, hasBody: boolean, facts: RouteFacts): ErrorDoc[] {
  const family = routeFamily(path);
  const errors: ErrorDoc[] = [];
  if (family === 'plain') return facts.errors;
  if (BODY_METHODS.has(method)) errors.push(SHARED.malformed, SHARED.tooLarge);
  // The input edge (input-safety.middleware.ts) refuses NUL and lone surrogates in any query or path value.
  errors.push({ ...SHARED.validation, description: 'a query or path value with NUL or a lone surrogate' });
  if (hasBody) errors.push(SHARED.validation);
  // The new APIs reject a body on a route that takes none; the old ones ignore it (API.md §0).
  else if (BODY_METHODS.has(method) && family === 'session' && !path.startsWith('/session')) {
    errors.push({ ...SHARED.validation, description: 'a body on a route that takes none' });
  }
  if (!facts.isPublic) errors.push(SHARED.unauthorized);
  if (facts.scopes.length > 0) {
    errors.push({
      kind: 'forbidden',
      code: 'INSUFFICIENT_SCOPE',
      description: `the token lacks the ${facts.scopes.map((s) => `\`${s}\``).join(', ')} scope`,
    });
  }
  if (facts.rateLimited) errors.push(SHARED.rateLimited);
  if (facts.floodLimited) errors.push(SHARED.floodLimited);
  errors.push(...facts.errors, SHARED.database, SHARED.internal);
  return errors;
}

function describe(errors: ErrorDoc[], flash: boolean): string {
  const seen = new Map<string, string[]>();
  for (const error of errors) seen.set(error.code, [...(seen.get(error.code) ?? []), error.description]);
  return [...seen]
    .map(([code, why]) =>
      flash ? `- ${[...new Set(why)].join('; ')}` : `- \`${code}\`: ${[...new Set(why)].join('; ')}`,
    )
    .join('\n');
}

function errorSchema(
  status: number,
  errors: ErrorDoc[],
  family: RouteFamily,
  bare: boolean,
): SchemaObject | ReferenceObject {
  if (bare) return { $ref: '#/components/schemas/EmptyObject' };
  if (family === 'flash') {
    return {
      allOf: [
        { $ref: '#/components/schemas/FlashError' },
        { properties: { code: { enum: [String(status)] } } },
      ],
    };
  }
  const codes = [...new Set(errors.map((error) => error.code))];
  return {
    allOf: [
      { $ref: '#/components/schemas/SessionError' },
      { properties: { error: { properties: { code: { type: 'string', enum: codes } } } } },
    ],
  };
}

/** The error responses of one operation, keyed by status. */
export function errorResponses(path: string, errors: ErrorDoc[]): Record<string, ResponseObject> {
  const family = routeFamily(path);
  const byStatus = new Map<number, ErrorDoc[]>();
  for (const error of errors) {
    const status = statusFor(family, error.kind);
    byStatus.set(status, [...(byStatus.get(status) ?? []), error]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const bare = status === 401 && family === 'session' && answersBareUnauthorized(path);
    responses[String(status)] = {
      description: bare
        ? '`{}` (kept from the original API):\n' + describe(list, false)
        : describe(list, family === 'flash'),
      headers: {
        'X-Request-Id': REQUEST_ID_HEADER,
        ...(status === 429 ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
      },
      content: { 'application/json': { schema: errorSchema(status, list, family, bare) } },
    };
  }
  return responses;
}

export const REQUEST_ID_REF = REQUEST_ID_HEADER;
