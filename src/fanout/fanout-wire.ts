// The one wire form of a fan-out event between instances: encoded once per publish, tagged with the
// publishing instance so it can recognise (and skip) its own events when the engine echoes them back,
// and with the publish time (`at`, epoch ms) for `fanout_delivery_lag_seconds`. Receivers that predate
// `at` ignore it; an envelope without it is delivered, just not timed.
import type { FanoutEvent, FanoutTopic } from './fanout.js';

interface WireEnvelope {
  origin: string;
  at?: number;
  topic: FanoutTopic;
  event: string;
  data: unknown;
  seq?: number;
}

export interface ReceivedFanoutEvent {
  origin: string;
  /** When the publishing instance published it (epoch ms, its clock), if it said. */
  publishedAt?: number;
  event: FanoutEvent;
}

export function encodeFanoutEvent(origin: string, event: FanoutEvent, publishedAt = Date.now()): string {
  const envelope: WireEnvelope = {
    origin,
    at: publishedAt,
    topic: event.topic,
    event: event.event,
    data: event.data,
  };
  if (event.seq !== undefined) envelope.seq = event.seq;
  return JSON.stringify(envelope);
}

/**
 * True when `text` was encoded by `origin`: lets an instance skip the engine's echo of its own events
 * without parsing them (with two instances, half of everything received).
 */
export function isEncodedBy(text: string, origin: string): boolean {
  return text.startsWith(`{"origin":${JSON.stringify(origin)},`);
}

/** Null for anything that is not an envelope (another program on the same channel, a truncated payload). */
export function decodeFanoutEvent(text: string): ReceivedFanoutEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { origin, at, topic, event, data, seq } = parsed as Partial<WireEnvelope>;
  if (typeof origin !== 'string' || typeof event !== 'string' || !isTopic(topic)) return null;
  if (seq !== undefined && !Number.isSafeInteger(seq)) return null;
  const received: ReceivedFanoutEvent = {
    origin,
    event: seq === undefined ? { topic, event, data } : { topic, event, data, seq },
  };
  if (typeof at === 'number' && Number.isFinite(at)) received.publishedAt = at;
  return received;
}

function isTopic(value: unknown): value is FanoutTopic {
  if (typeof value !== 'object' || value === null) return false;
  const topic = value as Record<string, unknown>;
  switch (topic.kind) {
    case 'room':
      return typeof topic.roomId === 'string';
    case 'user':
      return typeof topic.userId === 'string';
    case 'session':
      return typeof topic.sessionId === 'string';
    case 'broadcast':
      return true;
    default:
      return false;
  }
}
