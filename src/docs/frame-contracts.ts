// Every module's WebSocket frame contracts, assembled for the AsyncAPI document (the composition root
// of the frames, like src/schema.ts for tables). Two sources: hand-written contracts (chat's and the
// transport's, listed here) and the frames `/ws` gateways document themselves from their DTOs
// (`@RealtimeEvent(name, { summary })`, `@RealtimeGateway(path, { sends })`) — a module's gateway is
// found in the running app, so a module adds nothing here.
import {
  CHAT_CLIENT_EVENTS,
  CHAT_SERVER_EVENTS,
  FLASH_CLIENT_FRAMES,
  FLASH_SERVER_FRAMES,
} from '../chat/contract/chat-frames.contract.js';
import type { EventFrameContract } from '../realtime/contract/frame-contract.js';
import { declaredFrames, gatewayEvents, type GatewayClass } from '../realtime/contract/gateway-events.js';
import {
  FLASH_ERROR_FRAME,
  WS_PROTOCOL_CLIENT_EVENTS,
  WS_TRANSPORT_EVENTS,
} from '../realtime/contract/realtime-frames.contract.js';

/** The hand-written contracts of /ws. */
export const WS_SERVER_EVENTS = [...CHAT_SERVER_EVENTS, ...WS_TRANSPORT_EVENTS];
export const WS_CLIENT_EVENTS = [...CHAT_CLIENT_EVENTS, ...WS_PROTOCOL_CLIENT_EVENTS];
export const CHATS_SERVER_FRAMES = [...FLASH_SERVER_FRAMES, FLASH_ERROR_FRAME];
export const CHATS_CLIENT_FRAMES = FLASH_CLIENT_FRAMES;

export interface WsFrames {
  server: EventFrameContract[];
  client: EventFrameContract[];
}

function once(frames: EventFrameContract[], direction: string): void {
  const seen = new Set<string>();
  for (const { event } of frames) {
    if (seen.has(event)) throw new Error(`AsyncAPI: the ${direction} frame ${event} is described twice`);
    seen.add(event);
  }
}

/**
 * The frames of /ws, given every gateway on it: each event a gateway handles is described exactly
 * once, and nothing is described that no gateway handles (the document cannot drift from the code).
 */
export function wsFrames(gateways: GatewayClass[]): WsFrames {
  const declared = gateways.map(declaredFrames);
  const frames: WsFrames = {
    server: [...WS_SERVER_EVENTS, ...declared.flatMap((d) => d.server)],
    client: [...WS_CLIENT_EVENTS, ...declared.flatMap((d) => d.client)],
  };
  once(frames.server, 'server → client');
  once(frames.client, 'client → server');
  const handled = new Set(gateways.flatMap((gateway) => gatewayEvents(gateway).map((h) => h.event)));
  const described = new Set(frames.client.map((frame) => frame.event));
  const missing = [...handled].filter((event) => !described.has(event));
  const stale = [...described].filter((event) => !handled.has(event));
  if (missing.length > 0 || stale.length > 0)
    throw new Error(
      `AsyncAPI: /ws events undescribed: [${missing.join()}]; described, unhandled: [${stale.join()}]`,
    );
  return frames;
}
