// Unacknowledged `message.send` frames. Each send gets a client_id and stays here until its
// `message.ack`; after a reconnect (or an ack that never came) it is sent again with the same client_id,
// which the server turns into exactly-once. Sends leave in order, at most `maxInFlight` awaiting an ack
// (1 by default: strict order even when a send is refused for flood control and retried). Bounded: past
// `maxSize` a send is refused with OUTBOX_FULL instead of growing without limit.
import { PChatError } from '../errors.js';
import { backoffDelay } from './backoff.js';
import type { MessageAck, WsError } from './ws-protocol.js';

export interface OutboxOptions {
  maxSize?: number;
  maxInFlight?: number;
  /** An ack not received within this long on an open connection: send again (default 10 s). */
  ackTimeoutMs?: number;
  /** Writes a frame; false when there is no open connection. */
  transmit(frame: { room_id: string; body: string; client_id: string }): boolean;
  now?: () => number;
  random?: () => number;
}

interface Entry {
  clientId: string;
  roomId: string;
  body: string;
  inFlight: boolean;
  /** Retryable refusals so far (flood control, database down). */
  refusals: number;
  notBefore: number;
  resolve(ack: MessageAck): void;
  reject(error: PChatError): void;
}

/** Refusals that mean "not now" rather than "never": the same frame is sent again later. */
const RETRYABLE = new Set(['RATE_LIMITED', 'DATABASE_UNAVAILABLE', 'INTERNAL']);
const MAX_REFUSALS = 20;

export class Outbox {
  private readonly entries = new Map<string, Entry>();
  private readonly maxSize: number;
  private readonly maxInFlight: number;
  private readonly ackTimeoutMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private open = false;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly ackTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: OutboxOptions) {
    this.maxSize = options.maxSize ?? 500;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What is waiting for an ack, oldest first (to show "sending…" in a UI). */
  pending(): { clientId: string; roomId: string; body: string }[] {
    return [...this.entries.values()].map(({ clientId, roomId, body }) => ({ clientId, roomId, body }));
  }

  has(clientId: string): boolean {
    return this.entries.has(clientId);
  }

  enqueue(roomId: string, body: string, clientId: string): Promise<MessageAck> {
    if (this.entries.has(clientId))
      return Promise.reject(
        new PChatError({
          status: 0,
          code: 'VALIDATION_FAILED',
          message: `client_id ${clientId} is already queued`,
        }),
      );
    if (this.entries.size >= this.maxSize)
      return Promise.reject(
        new PChatError({ status: 0, code: 'OUTBOX_FULL', message: `${this.maxSize} sends await an ack` }),
      );
    return new Promise<MessageAck>((resolve, reject) => {
      this.entries.set(clientId, {
        clientId,
        roomId,
        body,
        inFlight: false,
        refusals: 0,
        notBefore: 0,
        resolve,
        reject,
      });
      this.pump();
    });
  }

  /** The connection is open (again): everything unacknowledged goes out again, in order. */
  opened(): void {
    this.open = true;
    this.pump();
  }

  /** The connection is gone: nothing is in flight any more. */
  lost(): void {
    this.open = false;
    for (const entry of this.entries.values()) entry.inFlight = false;
    this.clearTimers();
  }

  acked(ack: MessageAck): boolean {
    const entry = this.entries.get(ack.client_id);
    if (entry === undefined) return false;
    this.settle(entry);
    entry.resolve(ack);
    this.pump();
    return true;
  }

  /** An `error` whose ref is a queued client_id. Returns false when the ref is not ours. */
  refused(error: WsError): boolean {
    const entry = error.ref === null ? undefined : this.entries.get(error.ref);
    if (entry === undefined) return false;
    entry.inFlight = false;
    this.clearAckTimer(entry.clientId);
    entry.refusals += 1;
    if (RETRYABLE.has(error.code) && entry.refusals <= MAX_REFUSALS) {
      entry.notBefore = this.now() + retryDelay(error, entry.refusals, this.random);
    } else {
      this.settle(entry);
      entry.reject(
        new PChatError({ status: 0, code: error.code, message: error.message, details: error.details }),
      );
    }
    this.pump();
    return true;
  }

  /** Rejects everything (the connection was closed for good). */
  failAll(error: PChatError): void {
    this.lost();
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) entry.reject(error);
  }

  private pump(): void {
    if (!this.open) return;
    if (this.wakeTimer !== null) {
      clearTimeout(this.wakeTimer);
      this.wakeTimer = null;
    }
    let inFlight = [...this.entries.values()].filter((entry) => entry.inFlight).length;
    const now = this.now();
    for (const entry of this.entries.values()) {
      if (inFlight >= this.maxInFlight) return;
      if (entry.inFlight) continue;
      if (entry.notBefore > now) {
        // Later sends wait too, so they cannot overtake a refused one.
        this.wakeTimer = setTimeout(() => this.pump(), entry.notBefore - now);
        return;
      }
      if (!this.options.transmit({ room_id: entry.roomId, body: entry.body, client_id: entry.clientId }))
        return;
      entry.inFlight = true;
      inFlight += 1;
      this.ackTimers.set(
        entry.clientId,
        setTimeout(() => {
          this.ackTimers.delete(entry.clientId);
          entry.inFlight = false;
          this.pump();
        }, this.ackTimeoutMs),
      );
    }
  }

  private settle(entry: Entry): void {
    this.entries.delete(entry.clientId);
    this.clearAckTimer(entry.clientId);
  }

  private clearAckTimer(clientId: string): void {
    const timer = this.ackTimers.get(clientId);
    if (timer !== undefined) clearTimeout(timer);
    this.ackTimers.delete(clientId);
  }

  private clearTimers(): void {
    for (const timer of this.ackTimers.values()) clearTimeout(timer);
    this.ackTimers.clear();
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }
}

function retryDelay(error: WsError, refusals: number, random: () => number): number {
  const hinted = (error.details as { retry_after_ms?: unknown } | undefined)?.retry_after_ms;
  if (typeof hinted === 'number' && hinted >= 0) return hinted;
  return backoffDelay(refusals - 1, { initialMs: 250, maxMs: 5_000, minMs: 50 }, random);
}

/** A v4 UUID: `crypto.randomUUID` where it exists (secure contexts, Node), else from getRandomValues. */
export function newClientId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
