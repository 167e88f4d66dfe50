import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { FanoutEvent } from './fanout.js';
import { RoomMessageSequencer } from './room-message-sequencer.js';

function message(roomId: string, seq: number): FanoutEvent {
  return { topic: { kind: 'room', roomId }, event: 'client.frame', data: { room_id: roomId, seq }, seq };
}

describe('RoomMessageSequencer', () => {
  let delivered: FanoutEvent[];
  let sequencer: RoomMessageSequencer;
  const seqs = (): unknown[] => delivered.map((event) => event.seq);

  beforeEach(() => {
    jest.useFakeTimers();
    delivered = [];
    sequencer = new RoomMessageSequencer((event) => delivered.push(event), 1000);
  });
  afterEach(() => {
    sequencer.close();
    jest.useRealTimers();
  });

  it('passes events in order straight through', () => {
    [1, 2, 3].forEach((seq) => sequencer.push(message('r', seq)));
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('holds an event that arrives ahead of a missing seq until the gap fills', () => {
    sequencer.push(message('r', 5));
    jest.advanceTimersByTime(200);
    sequencer.push(message('r', 7));
    sequencer.push(message('r', 8));
    expect(seqs()).toEqual([5]);
    sequencer.push(message('r', 6));
    expect(seqs()).toEqual([5, 6, 7, 8]);
  });

  it('delivers past a gap that never fills after the wait, and drops the late event', () => {
    sequencer.push(message('r', 1));
    sequencer.push(message('r', 3));
    jest.advanceTimersByTime(999);
    expect(seqs()).toEqual([1]);
    jest.advanceTimersByTime(2);
    expect(seqs()).toEqual([1, 3]);
    sequencer.push(message('r', 2));
    expect(seqs()).toEqual([1, 3]);
  });

  it('drops duplicates and keeps rooms independent', () => {
    sequencer.push(message('a', 1));
    sequencer.push(message('b', 10));
    jest.advanceTimersByTime(200);
    sequencer.push(message('a', 1));
    sequencer.push(message('b', 11));
    sequencer.push(message('a', 2));
    expect(
      delivered.map((event) => [
        (event.topic as { roomId: string }).roomId,
        (event.data as { seq: number }).seq,
      ]),
    ).toEqual([
      ['a', 1],
      ['b', 10],
      ['b', 11],
      ['a', 2],
    ]);
  });

  it('does not hold other events of a room behind a gap', () => {
    sequencer.push(message('r', 1));
    sequencer.push(message('r', 3));
    const typing: FanoutEvent = { topic: { kind: 'room', roomId: 'r' }, event: 'typing', data: {} };
    sequencer.push(typing);
    expect(delivered.at(-1)).toBe(typing);
  });

  it('collects the start of a room first seen above seq 1 before delivering it', () => {
    sequencer.push(message('r', 16));
    sequencer.push(message('r', 17));
    sequencer.push(message('r', 14));
    expect(seqs()).toEqual([]);
    jest.advanceTimersByTime(199);
    sequencer.push(message('r', 15));
    expect(seqs()).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(seqs()).toEqual([14, 15, 16, 17]);
    sequencer.push(message('r', 13));
    sequencer.push(message('r', 18));
    expect(seqs()).toEqual([14, 15, 16, 17, 18]);
  });

  it('starts at once when seq 1 arrives, whatever came first', () => {
    sequencer.push(message('r', 3));
    sequencer.push(message('r', 2));
    expect(seqs()).toEqual([]);
    sequencer.push(message('r', 1));
    expect(seqs()).toEqual([1, 2, 3]);
  });
});
