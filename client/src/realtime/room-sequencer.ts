// Per-room delivery order: drops duplicates by (room_id, seq), holds messages that arrive ahead of a
// hole (bounded), and releases them in seq order once the hole is filled. It never invents a message:
// a hole is filled by messages from the server (resume or REST history), which it is told to fetch.
import type { ChatMessage } from './ws-protocol.js';

interface RoomState {
  /** Last seq handed to the app; null until the first message sets the baseline. */
  delivered: number | null;
  /** Held back, waiting for the hole below them. */
  held: Map<number, ChatMessage>;
  /** Highest seq seen (held, dropped for space, or delivered). */
  highest: number;
}

export interface Accepted {
  /** Messages to hand to the app now, in seq order. */
  deliver: ChatMessage[];
  duplicate: boolean;
}

export class RoomSequencer {
  private readonly rooms = new Map<string, RoomState>();

  /** @param maxHeldPerRoom messages held ahead of a hole per room; beyond it they are refetched. */
  constructor(private readonly maxHeldPerRoom = 1000) {}

  /** Sets a room's baseline (e.g. the app's last seen seq); never moves an existing one back. */
  track(roomId: string, lastSeq: number): void {
    const state = this.rooms.get(roomId);
    if (state === undefined || state.delivered === null) {
      this.rooms.set(roomId, {
        delivered: lastSeq,
        held: state?.held ?? new Map<number, ChatMessage>(),
        highest: Math.max(lastSeq, state?.highest ?? 0),
      });
      this.release(roomId);
    }
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }

  has(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  /** Last delivered seq per room with a baseline: the `rooms` map of `resume`. */
  lastSeqs(): Record<string, number> {
    const seqs: Record<string, number> = {};
    for (const [roomId, state] of this.rooms) if (state.delivered !== null) seqs[roomId] = state.delivered;
    return seqs;
  }

  lastSeq(roomId: string): number | null {
    return this.rooms.get(roomId)?.delivered ?? null;
  }

  /** Rooms where something between the last delivered seq and the highest seen is missing. */
  roomsWithGaps(): string[] {
    return [...this.rooms].filter(([, state]) => this.gapIn(state)).map(([roomId]) => roomId);
  }

  hasGap(roomId: string): boolean {
    const state = this.rooms.get(roomId);
    return state !== undefined && this.gapIn(state);
  }

  accept(message: ChatMessage): Accepted {
    let state = this.rooms.get(message.room_id);
    if (state === undefined || state.delivered === null) {
      state = {
        delivered: message.seq,
        held: state?.held ?? new Map<number, ChatMessage>(),
        highest: Math.max(message.seq, state?.highest ?? 0),
      };
      this.rooms.set(message.room_id, state);
      return { deliver: [message, ...this.release(message.room_id)], duplicate: false };
    }
    if (message.seq <= state.delivered || state.held.has(message.seq))
      return { deliver: [], duplicate: true };
    state.highest = Math.max(state.highest, message.seq);
    if (message.seq === state.delivered + 1) {
      state.delivered = message.seq;
      return { deliver: [message, ...this.release(message.room_id)], duplicate: false };
    }
    if (state.held.size < this.maxHeldPerRoom) state.held.set(message.seq, message);
    return { deliver: [], duplicate: false };
  }

  /** An edit or tombstone: replaces a held copy so the app never gets the stale body later. */
  update(message: ChatMessage): void {
    const held = this.rooms.get(message.room_id)?.held;
    if (held?.has(message.seq)) held.set(message.seq, message);
  }

  /**
   * History has nothing more in the hole (the server lost those seqs): move the baseline up to the next
   * held message, or the highest seen, so nothing stays held forever. Returns what that releases.
   */
  skipGap(roomId: string): ChatMessage[] {
    const state = this.rooms.get(roomId);
    if (state === undefined || state.delivered === null || state.highest <= state.delivered) return [];
    const lowestHeld = Math.min(...state.held.keys());
    state.delivered = Number.isFinite(lowestHeld) ? lowestHeld - 1 : state.highest;
    return this.release(roomId);
  }

  private release(roomId: string): ChatMessage[] {
    const state = this.rooms.get(roomId);
    const released: ChatMessage[] = [];
    if (state === undefined || state.delivered === null) return released;
    for (;;) {
      const next = state.held.get(state.delivered + 1);
      if (next === undefined) break;
      state.held.delete(next.seq);
      state.delivered = next.seq;
      released.push(next);
    }
    for (const heldSeq of state.held.keys()) if (heldSeq <= state.delivered) state.held.delete(heldSeq);
    return released;
  }

  private gapIn(state: RoomState): boolean {
    return state.delivered !== null && state.highest > state.delivered;
  }
}
