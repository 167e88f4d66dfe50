// Server → client events of the `/ws` protocol, by name → `data` (API.md §6). Every frame a server
// sends is built from this map (`eventFrame`), so a name or payload that the protocol does not define
// does not compile. Modules add their events by augmenting the map:
//
//   declare module '../realtime/server-events.js' {
//     interface ServerEventMap { 'reaction.added': ReactionEvent }
//   }
export interface WireError {
  code: string;
  message: string;
  details?: unknown;
}

export interface ErrorEventData extends WireError {
  /** The client's `client_id`, `message_id`, or the event name the error answers; null if none. */
  ref: string | null;
}

export interface ServerEventMap {
  error: ErrorEventData;
  pong: Record<string, never>;
  'auth.ok': { exp: number };
  'session.expired': Record<string, never>;
}

export type ServerEventName = Extract<keyof ServerEventMap, string>;

/** One frame as it goes on the wire: `{"event": name, "data": …}`. */
export type ServerEvent = {
  [K in ServerEventName]: { event: K; data: ServerEventMap[K] };
}[ServerEventName];

/**
 * How a broadcast frame is treated when a consumer falls behind, declared by whoever sends it:
 * `sheddable` frames (typing, presence) are dropped first, before the consumer is cut off.
 */
export interface DeliveryClass {
  sheddable?: boolean;
}

/**
 * The connection whose frame caused the event (its `RealtimeConnection.id`). Protocols without an echo
 * (the flash one: API.md §2, "the sending connection itself gets nothing back") skip it.
 */
export interface DeliveryOrigin {
  origin?: string;
}

/** A server → client frame on its way to the connections of a FANOUT topic, on every instance. */
export type ClientFrameDelivery = ServerEvent & DeliveryClass & DeliveryOrigin;

export const CLIENT_FRAME = 'client.frame';

declare module '../fanout/cluster-events.js' {
  interface ClusterEventMap {
    [CLIENT_FRAME]: ClientFrameDelivery;
  }
}
