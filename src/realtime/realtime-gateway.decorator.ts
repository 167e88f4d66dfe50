// The one decorator every WebSocket gateway of p-chat uses. It applies what each gateway needs, so a
// new one cannot forget it: the per-event policy guard (scopes, flood control), the filter that turns
// failures into `error` frames, and the options RealtimeWsAdapter reads. The adapter refuses gateways
// declared any other way. Connection bookkeeping (registry, presence, token expiry) happens in the
// adapter for every connection, not in gateways.
import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { RequireScopes, type Scope } from '../common/decorators/scopes.decorator.js';
import type { Framing } from './connection.js';
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

/**
 * `@RealtimeGateway('/ws')`: handles events of the JSON protocol at that path. Several gateways may
 * share a path; each connection gets the events of all of them, and an event none of them handles is
 * answered `UNKNOWN_EVENT` once.
 */
export function RealtimeGateway(path: string, options: { framing?: Framing } = {}): ClassDecorator {
  return applyDecorators(
    WebSocketGateway<RealtimeGatewayOptions>({
      path,
      framing: options.framing ?? 'events',
      [REALTIME_GATEWAY_MARK]: true,
    }),
    UseFilters(WsErrorFilter),
    UseGuards(WsPolicyGuard),
  );
}

export interface RealtimeEventPolicy {
  /** The scope the connection's current token needs (API.md §4.5). */
  scope?: Scope;
  /**
   * The user's flood-control budget the event draws from: `messages` (what users type, API.md §6) or
   * `control` (frames that cost the server database work: resume, auth). Unset: not limited.
   */
  flood?: FloodBudget;
}

/** A client → server event of a realtime gateway, with its policy (checked by the gateway's guard). */
export function RealtimeEvent(event: string, { scope, flood }: RealtimeEventPolicy = {}): MethodDecorator {
  return applyDecorators(
    SubscribeMessage(event),
    ...(scope ? [RequireScopes(scope)] : []),
    ...(flood ? [FloodLimited(flood)] : []),
  );
}
