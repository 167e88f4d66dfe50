import { describe, expect, it } from '@jest/globals';
import type { FanoutEvent } from './fanout.js';
import { decodeFanoutEvent, encodeFanoutEvent, isEncodedBy } from './fanout-wire.js';

const event: FanoutEvent = { topic: { kind: 'room', roomId: 'r1' }, event: 'message', data: { seq: 1 } };

describe('fanout wire', () => {
  it('round-trips an event with its origin', () => {
    expect(decodeFanoutEvent(encodeFanoutEvent('instance-a', event))).toEqual({
      origin: 'instance-a',
      event,
    });
  });

  it('recognises its own encoding without parsing, and nobody else’s', () => {
    const payload = encodeFanoutEvent('instance-a', event);
    expect(isEncodedBy(payload, 'instance-a')).toBe(true);
    expect(isEncodedBy(payload, 'instance-b')).toBe(false);
    // An id that is a prefix of the origin is another instance.
    expect(isEncodedBy(payload, 'instance')).toBe(false);
    expect(isEncodedBy(encodeFanoutEvent('instance-ab', event), 'instance-a')).toBe(false);
    expect(isEncodedBy('not json', 'instance-a')).toBe(false);
  });
});
