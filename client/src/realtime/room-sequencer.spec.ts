import { describe, expect, it } from '@jest/globals';
import { RoomSequencer } from './room-sequencer.js';
import type { ChatMessage } from './ws-protocol.js';

function message(seq: number, roomId = 'r1', body = `m${seq}`): ChatMessage {
  return {
    id: `${roomId}-${seq}`,
    room_id: roomId,
    seq,
    client_id: null,
    from: { username: 'apm', name: 'Parsa' },
    body,
    sent_at: '2026-11-21T10:00:00.000Z',
    edited_at: null,
    deleted: false,
  };
}

const seqs = (messages: ChatMessage[]) => messages.map((m) => m.seq);

describe('RoomSequencer', () => {
  it('takes the first message of an unknown room as its baseline', () => {
    const sequencer = new RoomSequencer();
    expect(seqs(sequencer.accept(message(7)).deliver)).toEqual([7]);
    expect(sequencer.lastSeq('r1')).toBe(7);
    expect(sequencer.lastSeqs()).toEqual({ r1: 7 });
  });

  it('drops duplicates by (room_id, seq), delivered or held', () => {
    const sequencer = new RoomSequencer();
    sequencer.track('r1', 0);
    sequencer.accept(message(1));
    expect(sequencer.accept(message(1))).toEqual({ deliver: [], duplicate: true });
    sequencer.accept(message(3));
    expect(sequencer.accept(message(3))).toEqual({ deliver: [], duplicate: true });
    // The same seq in another room is not a duplicate.
    expect(seqs(sequencer.accept(message(1, 'r2')).deliver)).toEqual([1]);
  });

  it('holds messages past a hole and releases them in order once it is filled', () => {
    const sequencer = new RoomSequencer();
    sequencer.track('r1', 2);
    expect(sequencer.accept(message(5)).deliver).toEqual([]);
    expect(sequencer.accept(message(4)).deliver).toEqual([]);
    expect(sequencer.hasGap('r1')).toBe(true);
    expect(sequencer.roomsWithGaps()).toEqual(['r1']);
    expect(seqs(sequencer.accept(message(3)).deliver)).toEqual([3, 4, 5]);
    expect(sequencer.hasGap('r1')).toBe(false);
    expect(sequencer.lastSeqs()).toEqual({ r1: 5 });
  });

  it('is bounded: past the limit a message is not held, but the gap stays until history brings it', () => {
    const sequencer = new RoomSequencer(2);
    sequencer.track('r1', 0);
    sequencer.accept(message(2));
    sequencer.accept(message(3));
    sequencer.accept(message(4)); // not held: no room
    expect(seqs(sequencer.accept(message(1)).deliver)).toEqual([1, 2, 3]);
    expect(sequencer.hasGap('r1')).toBe(true);
    expect(seqs(sequencer.accept(message(4)).deliver)).toEqual([4]);
    expect(sequencer.hasGap('r1')).toBe(false);
  });

  it('an edit replaces a held copy, so the stale body is never delivered', () => {
    const sequencer = new RoomSequencer();
    sequencer.track('r1', 0);
    sequencer.accept(message(2));
    sequencer.update({ ...message(2, 'r1', 'edited'), edited_at: '2026-11-21T10:01:00.000Z' });
    expect(sequencer.accept(message(1)).deliver.map((m) => m.body)).toEqual(['m1', 'edited']);
  });

  it('skipGap moves past a hole history cannot fill and releases what was held', () => {
    const sequencer = new RoomSequencer();
    sequencer.track('r1', 1);
    sequencer.accept(message(4));
    sequencer.accept(message(5));
    expect(seqs(sequencer.skipGap('r1'))).toEqual([4, 5]);
    expect(sequencer.hasGap('r1')).toBe(false);
    expect(sequencer.skipGap('r1')).toEqual([]);
  });

  it('track never moves a baseline back; forget drops the room', () => {
    const sequencer = new RoomSequencer();
    sequencer.track('r1', 10);
    sequencer.track('r1', 3);
    expect(sequencer.lastSeq('r1')).toBe(10);
    sequencer.forget('r1');
    expect(sequencer.has('r1')).toBe(false);
    expect(sequencer.lastSeqs()).toEqual({});
  });
});
