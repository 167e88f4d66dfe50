// The seam every instance shares live delivery through: one publish/subscribe interface with an
// in-process implementation (one instance) and engine-backed ones (Redis pub/sub, Postgres
// LISTEN/NOTIFY) for several instances. Never a home-made broker.

/** Who an event is for. Each instance resolves a topic to its own local connections. */
export type FanoutTopic =
  | { kind: 'room'; roomId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'session'; sessionId: string }
  | { kind: 'broadcast' };

/**
 * What the engines carry: untyped on purpose, like a socket. Modules publish and subscribe through
 * `ClusterEvents`, which types names and payloads (`ClusterEventMap`).
 */
export interface FanoutEvent {
  topic: FanoutTopic;
  /** A `ClusterEventMap` name, e.g. `client.frame`, `session.revoked`. */
  event: string;
  /** JSON-serialisable payload. */
  data: unknown;
  /**
   * Declared by the publisher for events that form one ordered stream per room (a room topic's
   * messages): the position in that stream (the message's seq). Receivers restore this order.
   */
  seq?: number;
}

export type FanoutHandler = (event: FanoutEvent) => void;

export interface Fanout {
  /** Delivers to every instance's subscribers, this one included. Resolves once handed to the engine. */
  publish(event: FanoutEvent): Promise<void>;
  /** Registers a handler for every event published by any instance. */
  subscribe(handler: FanoutHandler): void;
  /** False while the engine is unreachable (readiness reports it). */
  isHealthy(): boolean;
  /**
   * Called each time the engine is reachable again after an outage. Events published meanwhile were
   * lost: whatever an instance caches from them (membership, revocations) must be re-read.
   */
  onRecovered(handler: () => void): void;
}

export const FANOUT = Symbol('FANOUT');
