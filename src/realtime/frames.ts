// Wire frames of both WebSocket protocols, built in one place so every sender agrees on the shape.
import type { Framing } from './connection.js';
import type { ServerEventMap, ServerEventName, WireError } from './server-events.js';

export type { WireError } from './server-events.js';

/** Close codes of the protocols (docs/ws-protocol.md). */
export const CloseCode = {
  goingAway: 1001,
  tooBig: 1009,
  internalError: 1011,
  sessionExpired: 4001,
  slowConsumer: 4008,
} as const;

/** `{"event": …, "data": …}` (API.md §6). Serialise once and send the same string to every recipient. */
export function eventFrame<K extends ServerEventName>(event: K, data: ServerEventMap[K]): string {
  return JSON.stringify({ event, data });
}

/**
 * `/ws`: `{"event":"error","data":{code, message, ref}}` where ref echoes the client's `client_id` or the
 * event name. `/chats`: `{"error":{code, message}}` (API.md §2).
 */
export function errorFrame(framing: Framing, error: WireError, ref: string | null): string {
  const body: WireError = { code: error.code, message: error.message };
  // The flash protocol's error frame is exactly {code, message}.
  if (framing === 'raw-text') return JSON.stringify({ error: body });
  if (error.details !== undefined) body.details = error.details;
  return eventFrame('error', { ...body, ref });
}

export function sessionExpiredFrame(framing: Framing): string {
  return framing === 'events'
    ? eventFrame('session.expired', {})
    : errorFrame(framing, { code: 'SESSION_EXPIRED', message: 'session expired' }, null);
}
