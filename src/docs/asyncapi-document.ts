// The AsyncAPI 3.0 document served at /asyncapi.json: both WebSocket protocols, assembled from the
// frame contracts kept beside the code that sends the frames (src/chat/contract/, src/realtime/contract/)
// and the frames /ws gateways document from their DTOs (src/docs/frame-contracts.ts).
// The application described is the p-chat server: `send` operations are server → client frames,
// `receive` operations client → server ones. Messages and rooms reuse the REST schemas of the OpenAPI
// document, so both documents give one shape.
import { CHATS_CLIENT_FRAMES, CHATS_SERVER_FRAMES, type WsFrames } from './frame-contracts.js';
import type {
  EventFrameContract,
  JsonSchema,
  RawFrameContract,
} from '../realtime/contract/frame-contract.js';
import {
  CLOSE_CODES,
  HANDSHAKE_DESCRIPTION,
  refusalBody,
  upgradeRefusals,
} from '../realtime/contract/realtime-frames.contract.js';

type Json = Record<string, unknown>;

const WS_RULES = `Every frame both ways is \`{"event": "<name>", "data": {...}}\`. The connection receives the events of every room the user belongs to — there is no per-room subscribe.

**Ordering and acknowledgement.**
- A message is acknowledged (\`message.ack\`) only after it is durably stored (COMMIT); the ack reaches the sending connection before the \`message\` frame of the same message.
- Every member connection, the sender's included, receives each \`message\` exactly once, in \`seq\` order per room; \`seq\` is gapless per room, so a gap means something was missed: send \`resume\`.
- The same \`client_id\` sent again in a room answers the first message's ack; nothing is stored or broadcast twice (re-send unacknowledged sends after a reconnect).
- \`typing\` and \`presence\` are best effort (shed first under back-pressure); everything else is in history.
- Unknown events and malformed JSON get \`error\` (UNKNOWN_EVENT, BAD_FRAME) and the connection stays open; \`data\` is validated strictly (unknown fields → VALIDATION_FAILED).
- Flood control: every chat:write event takes a token from the user's bucket (20/s, burst 40): over it, \`error RATE_LIMITED\`, nothing stored.
- Without \`auth\` renewal before the token's \`exp\`, or when the session is revoked: \`session.expired\`, then close 4001, within 2 s.`;

const CHATS_RULES = `The flash DM protocol of the original server. Client → server: a text frame whose whole payload is the message body (not JSON). Server → client: \`{"from","body","sent_at"}\` (unix seconds) or \`{"error":{code, message}}\`. Opening the path makes the direct room of the pair if need be (as POST /dm/{username}); messages are stored before they are delivered. Only direct-room messages travel here: no room events, typing or presence.`;

function closeCodeTable(): string {
  return [
    '| close code | meaning |',
    '|---|---|',
    ...CLOSE_CODES.map((c) => `| ${c.code} | ${c.meaning} |`),
  ].join('\n');
}

function eventMessage(frame: EventFrameContract): Json {
  return {
    name: frame.event,
    title: frame.event,
    summary: frame.summary,
    ...(frame.description ? { description: frame.description } : {}),
    contentType: 'application/json',
    payload: {
      type: 'object',
      required: frame.dataOptional ? ['event'] : ['event', 'data'],
      additionalProperties: false,
      properties: { event: { type: 'string', const: frame.event }, data: frame.data },
    },
    examples: [{ name: frame.event, payload: { event: frame.event, data: frame.example } }],
  };
}

function rawMessage(frame: RawFrameContract): Json {
  return {
    name: frame.name,
    title: frame.name,
    summary: frame.summary,
    ...(frame.description ? { description: frame.description } : {}),
    contentType: frame.contentType,
    payload: frame.payload,
    examples: [{ name: frame.name, payload: frame.example }],
  };
}

const messageKey = (direction: 'server' | 'client', name: string): string => `${direction}.${name}`;

function channel(
  address: string,
  title: string,
  description: string,
  flash: boolean,
  serverToClient: [string, Json][],
  clientToServer: [string, Json][],
): Json {
  const messages: Json = {};
  for (const [name, message] of serverToClient) messages[messageKey('server', name)] = message;
  for (const [name, message] of clientToServer) messages[messageKey('client', name)] = message;
  const refusals = Object.fromEntries(
    upgradeRefusals(flash).map((refusal) => [String(refusal.status), { description: refusal.when }]),
  );
  return {
    address,
    title,
    description: `${description}\n\n${HANDSHAKE_DESCRIPTION}\n\n${[
      '| refused upgrade | when |',
      '|---|---|',
      ...upgradeRefusals(flash).map((r) => `| ${r.status} | ${r.when} |`),
    ].join('\n')}\n\n${closeCodeTable()}`,
    messages,
    bindings: {
      ws: {
        method: 'GET',
        query: {
          type: 'object',
          properties: { token: { type: 'string', description: 'an access token (one of the three ways)' } },
        },
        headers: {
          type: 'object',
          properties: {
            Authorization: { type: 'string', description: '`Bearer <jwt>`' },
            'Sec-WebSocket-Protocol': {
              type: 'string',
              description: '`p-chat, bearer.<jwt>`; the server selects `p-chat`',
            },
            Origin: { type: 'string', description: 'checked against WS_ALLOWED_ORIGINS when present' },
          },
        },
        bindingVersion: '0.1.0',
      },
    },
    'x-close-codes': CLOSE_CODES,
    'x-upgrade-refusals': {
      description: 'HTTP answers to the upgrade request, each with an X-Request-Id header and this JSON body',
      body: refusalBody(flash),
      statuses: refusals,
    },
  };
}

function operations(channelId: string, serverKeys: string[], clientKeys: string[]): Json {
  const entries: [string, Json][] = [
    ...serverKeys.map((name): [string, Json] => [
      `${channelId}.send.${name}`,
      {
        action: 'send',
        channel: { $ref: `#/channels/${channelId}` },
        summary: `server → client: ${name}`,
        messages: [{ $ref: `#/channels/${channelId}/messages/${messageKey('server', name)}` }],
      },
    ]),
    ...clientKeys.map((name): [string, Json] => [
      `${channelId}.receive.${name}`,
      {
        action: 'receive',
        channel: { $ref: `#/channels/${channelId}` },
        summary: `client → server: ${name}`,
        messages: [{ $ref: `#/channels/${channelId}/messages/${messageKey('client', name)}` }],
      },
    ]),
  ];
  return Object.fromEntries(entries);
}

/** The component schemas the frames refer to, with everything they refer to in turn. */
function sharedSchemas(frames: unknown, openApiSchemas: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const target = (node as { $ref?: unknown }).$ref;
    if (typeof target === 'string' && target.startsWith('#/components/schemas/')) {
      const name = target.slice('#/components/schemas/'.length);
      if (!(name in picked)) {
        const schema = openApiSchemas[name];
        if (schema === undefined) throw new Error(`AsyncAPI: no schema ${name} in the OpenAPI document`);
        picked[name] = structuredClone(schema);
        visit(schema);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(frames);
  return picked;
}

export function buildAsyncApiDocument(
  openApiSchemas: Record<string, unknown>,
  version: string,
  ws: WsFrames,
): Json {
  const wsServer = ws.server.map((f): [string, Json] => [f.event, eventMessage(f)]);
  const wsClient = ws.client.map((f): [string, Json] => [f.event, eventMessage(f)]);
  const chatsServer = CHATS_SERVER_FRAMES.map((f): [string, Json] => [f.name, rawMessage(f)]);
  const chatsClient = CHATS_CLIENT_FRAMES.map((f): [string, Json] => [f.name, rawMessage(f)]);
  const channels = {
    ws: channel('/ws', 'JSON events (/ws)', WS_RULES, false, wsServer, wsClient),
    chats: {
      ...channel(
        '/chats/{username}',
        'Flash DM protocol (/chats/{username})',
        CHATS_RULES,
        true,
        chatsServer,
        chatsClient,
      ),
      parameters: { username: { description: 'the peer’s username (case-insensitive); not oneself' } },
    },
  };
  const schemas: JsonSchema = sharedSchemas(channels, openApiSchemas);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'p-chat WebSocket protocols',
      version,
      description:
        'Both WebSocket protocols of p-chat on the HTTP port: `/ws` (JSON events, API.md §6) and `/chats/{username}` ' +
        '(the flash DM protocol, §2). The REST API is described by the OpenAPI document at /docs-json; the prose ' +
        'guide is docs/ws-protocol.md.',
    },
    defaultContentType: 'application/json',
    servers: {
      'p-chat': {
        host: 'localhost:8080',
        protocol: 'ws',
        description: 'The HTTP port of any instance (wss behind TLS).',
        security: [
          { $ref: '#/components/securitySchemes/bearerHeader' },
          { $ref: '#/components/securitySchemes/tokenQuery' },
        ],
      },
    },
    channels,
    operations: {
      ...operations(
        'ws',
        wsServer.map(([n]) => n),
        wsClient.map(([n]) => n),
      ),
      ...operations(
        'chats',
        chatsServer.map(([n]) => n),
        chatsClient.map(([n]) => n),
      ),
    },
    components: {
      schemas,
      securitySchemes: {
        bearerHeader: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Authorization: Bearer <jwt>; browsers offer the subprotocols `p-chat` and `bearer.<jwt>` instead',
        },
        tokenQuery: { type: 'httpApiKey', name: 'token', in: 'query', description: '?token=<jwt>' },
      },
    },
  };
}
