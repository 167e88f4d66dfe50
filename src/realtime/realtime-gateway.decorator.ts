// The one decorator every WebSocket gateway of p-chat uses. It applies what each gateway needs, so a
// new one cannot forget it: the per-event policy guard (scopes, flood control), the filter that turns
// failures into `error` frames, and the options RealtimeWsAdapter reads. The adapter refuses gateways
// declared any other way. Connection bookkeeping (registry, presence, token expiry) happens in the
// adapter for every connection, not in gateways. A gateway may also document its frames here (a
// summary per event, the events its module sends): the AsyncAPI document reads them with the frames'
// DTOs (src/realtime/contract/gateway-events.ts), so a module states each frame's shape once.
import { applyDecorators, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { RequireScopes, type Scope } from '../common/decorators/scopes.decorator.js';
import type { Framing } from './connection.js';
import type { ServerEventMap, ServerEventName } from './server-events.js';
import { WsErrorFilter } from './ws-error.filter.js';
import { FloodLimited, WsPolicyGuard, type FloodBudget } from './ws-policy.guard.js';

/** Set by `@RealtimeGateway`; the adapter checks it. */
export const REALTIME_GATEWAY_MARK = 'pChatRealtimeGateway';

/** Options of a realtime gateway, as the adapter receives them. */
export interface RealtimeGatewayOptions {
  path: string;
  /** Default `events`. Gateways sharing a path must agree. */
  framing?: Framing;
  [REALTIME_GATEWAY_MARK]?: true;
}

/** What the AsyncAPI document says of a frame besides its `data` (which its DTO states). */
export interface FrameDoc {
  summary: string;
  description?: string;
}

/**
 * The server → client events a gateway's module sends, each with the class that states its `data`
 * (its `@ApiProperty` metadata, an example on every field) — the class `ServerEventMap` names for it.
 */
export type ServerEventDocs = {
  [K in ServerEventName]?: FrameDoc & { data: abstract new (...args: never[]) => ServerEventMap[K] };
};

/** Set by `@RealtimeGateway` on the class: its path and the events it documents as sent. */
export const REALTIME_GATEWAY_DOC = 'pChatRealtimeGatewayDoc';
/** Set by `@RealtimeEvent` with a `summary`: the event is documented from its frame DTO. */
export const REALTIME_EVENT_DOC = 'pChatRealtimeEventDoc';

export interface RealtimeGatewayDoc {
  path: string;
  sends: ServerEventDocs;
}

/**
 * `@RealtimeGateway('/ws')`: handles events of the JSON protocol at that path. Several gateways may
 * share a path; each connection gets the events of all of them, and an event none of them handles is
 * answered `UNKNOWN_EVENT` once.
 */
export function RealtimeGateway(
  path: string,
  options: { framing?: Framing; sends?: ServerEventDocs } = {},
): ClassDecorator {
  return applyDecorators(
    SetMetadata(REALTIME_GATEWAY_DOC, { path, sends: options.sends ?? {} } satisfies RealtimeGatewayDoc),
    WebSocketGateway<RealtimeGatewayOptions>({
      path,
      framing: options.framing ?? 'events',
      [REALTIME_GATEWAY_MARK]: true,
    }),
    UseFilters(WsErrorFilter),
    UseGuards(WsPolicyGuard),
  );
}

export interface RealtimeEventPolicy extends Partial<FrameDoc> {
  /** The scope the connection's current token needs (API.md §4.5). */
  scope?: Scope;
  /**
   * The user's flood-control budget the event draws from: `messages` (what users type, API.md §6) or
   * `control` (frames that cost the server database work: resume, auth). Unset: not limited.
   */
  flood?: FloodBudget;
  // `summary` (and `description`): document the event in /asyncapi.json from the handler's frame DTO
  // (its class-validator rules, an `@ApiProperty` example on every field). Without: a hand-written
  // contract must describe it (chat's, in src/chat/contract/).
}

/** A client → server event of a realtime gateway, with its policy (checked by the gateway's guard). */
export function RealtimeEvent(
  event: string,
  { scope, flood, summary, description }: RealtimeEventPolicy = {},
): MethodDecorator {
  return applyDecorators(
    SubscribeMessage(event),
    ...(summary ? [SetMetadata(REALTIME_EVENT_DOC, { summary, description } satisfies FrameDoc)] : []),
    ...(scope ? [RequireScopes(scope)] : []),
    ...(flood ? [FloodLimited(flood)] : []),
  );
}
