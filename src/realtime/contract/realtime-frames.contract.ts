// The frames the WebSocket transport itself sends (errors, session end), its close codes and how an
// upgrade is authenticated or refused — for the AsyncAPI document. Kept beside frames.ts, which builds
// them: change one, change the other (src/docs/asyncapi-document.spec.ts checks the close codes).
import { CloseCode } from '../frames.js';
import {
  exactly,
  EMPTY_OBJECT,
  type EventFrameContract,
  type JsonSchema,
  type RawFrameContract,
} from './frame-contract.js';

const ERROR_CODE: JsonSchema = { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' };

/** Every code an `error` frame of `/ws` can carry (docs/ws-protocol.md, Errors). */
export const WS_ERROR_CODES = [
  'BAD_FRAME',
  'UNKNOWN_EVENT',
  'VALIDATION_FAILED',
  'MESSAGE_TOO_LONG',
  'INSUFFICIENT_SCOPE',
  'NOT_FOUND',
  'NOT_A_MEMBER',
  'FORBIDDEN',
  'MESSAGE_DELETED',
  'DIRECT_ROOM_FIXED',
  'BLOCKED',
  'RATE_LIMITED',
  'AUTH_FAILED',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
];

export const WS_TRANSPORT_EVENTS: EventFrameContract[] = [
  {
    event: 'error',
    summary: 'A client frame failed; the connection stays open',
    description:
      '`ref` echoes the frame’s `client_id` (message.send), else its `message_id` or event name; `null` when the ' +
      'frame could not be read (BAD_FRAME). `details`: VALIDATION_FAILED lists `[{field, problems}]`, ' +
      'MESSAGE_TOO_LONG gives `{max}`, RATE_LIMITED may give `{retry_after_ms}`.',
    data: exactly(
      {
        code: { ...ERROR_CODE, enum: WS_ERROR_CODES },
        message: { type: 'string' },
        ref: { type: ['string', 'null'] },
        details: {},
      },
      ['details'],
    ),
    example: {
      code: 'MESSAGE_TOO_LONG',
      message: 'message is longer than 4000 characters',
      details: { max: 4000 },
      ref: 'c-42',
    },
  },
  {
    event: 'auth.ok',
    summary: 'The `auth` renewal took: the connection now follows the new token',
    data: exactly({ exp: { type: 'integer', description: 'the new token’s expiry, unix seconds' } }),
    example: { exp: 1795300900 },
  },
  {
    event: 'pong',
    summary: 'The answer to `ping`',
    data: EMPTY_OBJECT,
    example: {},
  },
  {
    event: 'session.expired',
    summary: 'The token expired without `auth` renewal, or its session was revoked; close 4001 follows',
    data: EMPTY_OBJECT,
    example: {},
  },
];

/** The protocol's own client frames of /ws (ProtocolGateway): renewal and liveness. */
export const WS_PROTOCOL_CLIENT_EVENTS: EventFrameContract[] = [
  {
    event: 'auth',
    summary: 'Renew the connection’s token before it expires (same user)',
    description:
      'Answer: `auth.ok {exp}`; a bad token or another user’s → `error AUTH_FAILED`, the old token stays.',
    data: exactly({ token: { type: 'string', minLength: 1, maxLength: 4096 } }),
    example: { token: 'eyJ...' },
  },
  {
    event: 'ping',
    summary: 'Application-level liveness check (scope chat:read)',
    description: 'Answer: `pong {}`.',
    data: EMPTY_OBJECT,
    example: {},
    dataOptional: true,
  },
];

/** `/chats/{username}`: `{"error":{code, message}}`, exactly (API.md §2). */
export const FLASH_ERROR_FRAME: RawFrameContract = {
  name: 'flashError',
  summary: 'A frame failed, or the session ended (`SESSION_EXPIRED`, then close 4001)',
  description:
    'Codes: MESSAGE_TOO_LONG, BAD_FRAME (binary frame), INSUFFICIENT_SCOPE (no `chat:write`), RATE_LIMITED, ' +
    'BLOCKED, DATABASE_UNAVAILABLE, INTERNAL, SESSION_EXPIRED. The connection stays open except after SESSION_EXPIRED.',
  contentType: 'application/json',
  payload: exactly({ error: exactly({ code: ERROR_CODE, message: { type: 'string' } }) }),
  example: { error: { code: 'MESSAGE_TOO_LONG', message: 'message is longer than 4000 characters' } },
};

export interface CloseCodeDoc {
  code: number;
  meaning: string;
}

/** Close codes a client can see; those the server sends come from CloseCode (frames.ts). */
export const CLOSE_CODES: CloseCodeDoc[] = [
  { code: 1000, meaning: 'normal closure (the client closed)' },
  { code: CloseCode.goingAway, meaning: 'server shutting down (SIGTERM): reconnect elsewhere or later' },
  { code: 1005, meaning: '(seen by the client) closed without a code' },
  {
    code: 1006,
    meaning: '(seen by the client) the server dropped a dead socket (no pong), or the network failed',
  },
  { code: CloseCode.tooBig, meaning: 'a frame over 64 KiB' },
  {
    code: CloseCode.internalError,
    meaning:
      '`/chats/*`: the backlog of offline messages could not be read (nothing was marked read): reconnect',
  },
  {
    code: CloseCode.sessionExpired,
    meaning:
      'session expired or revoked (token expiry without `auth`, logout, password change, DELETE /session/:id, ' +
      'refresh-token reuse); within 2 s, after a `session.expired` frame (`/chats`: a SESSION_EXPIRED error frame)',
  },
  {
    code: CloseCode.slowConsumer,
    meaning:
      'slow consumer: the unsent buffer passed WS_SEND_BUFFER_LIMIT_BYTES (`/chats/*`: or over 2000 live frames ' +
      'arrived while the backlog was being read)',
  },
];

export interface RefusalDoc {
  status: number;
  when: string;
}

/** HTTP answers to an upgrade, before any frame (API.md §2, §6). */
export function upgradeRefusals(flash: boolean): RefusalDoc[] {
  return [
    {
      status: 400,
      when: flash
        ? 'chatting with oneself (CANNOT_DM_SELF); a malformed request target'
        : 'a malformed request target',
    },
    { status: 401, when: 'missing, malformed, expired or revoked access token (UNAUTHORIZED)' },
    {
      status: 403,
      when: `a token without \`chat:read\` (INSUFFICIENT_SCOPE); an Origin outside WS_ALLOWED_ORIGINS (ORIGIN_NOT_ALLOWED)${flash ? '; the peer blocks the caller (BLOCKED)' : ''}`,
    },
    {
      status: 404,
      when: flash
        ? 'an unknown user (NOT_FOUND); no WebSocket route at the path'
        : 'no WebSocket route at the path (NOT_FOUND)',
    },
    { status: 429, when: 'over WS_MAX_CONNECTIONS_PER_USER open sockets (RATE_LIMITED)' },
    { status: 500, when: 'an unexpected failure (INTERNAL)' },
    { status: 503, when: 'the database cannot be reached to check the session (DATABASE_UNAVAILABLE)' },
  ];
}

/** The body of a refused upgrade: the route family's error envelope (the flash one on `/chats/*`). */
export function refusalBody(flash: boolean): JsonSchema {
  return flash
    ? exactly({
        code: { type: 'string', pattern: '^[0-9]{3}$' },
        message: { type: 'string' },
        content: { type: 'null' },
      })
    : exactly({
        status: { type: 'string', const: 'Error' },
        error: exactly({ code: ERROR_CODE, message: { type: 'string' }, details: {} }, ['details']),
      });
}

export const HANDSHAKE_DESCRIPTION = `**Authentication** (one of, checked before the handshake):
1. \`Authorization: Bearer <jwt>\` (scheme word case-insensitive, the space optional; on \`/chats/*\` the bare \`Authorization: <jwt>\` too);
2. the subprotocols \`p-chat\` and \`bearer.<jwt>\` — the server selects \`p-chat\` (browsers cannot set headers, and fail a handshake whose offered subprotocols get no answer);
3. \`?token=<jwt>\` (query strings are never logged).

An upgrade without an \`Origin\` header (a non-browser client) is allowed; a browser's Origin must be allowed by WS_ALLOWED_ORIGINS.
A refused upgrade is a plain HTTP response with \`X-Request-Id\` and a JSON body in the route family's error envelope, never a frame.`;
