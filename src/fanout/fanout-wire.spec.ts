import { describe, expect, it } from '@jest/globals';
import type { FanoutEvent } from './fanout.js';
import { decodeFanoutEvent, encodeFanoutEvent, isEncodedBy } from './fanout-wire.js';

const event: FanoutEvent = {
  topic: { kind: 'room', roomId: 'r1' },
  event: 'client.frame',
  data: { event: 'message', data: { seq: 1 } },
  seq: 1,
};
const unordered: FanoutEvent = { topic: { kind: 'broadcast' }, event: 'session.revoked', data: {} };

describe('fanout wire', () => {
  it('round-trips an event with its origin and publish time', () => {
    expect(decodeFanoutEvent(encodeFanoutEvent('instance-a', event, 1_700_000_000_123))).toEqual({
      origin: 'instance-a',
      publishedAt: 1_700_000_000_123,
      event,
    });
    const before = Date.now();
    const decoded = decodeFanoutEvent(encodeFanoutEvent('instance-a', unordered));
    expect(decoded).toEqual({ origin: 'instance-a', publishedAt: expect.any(Number), event: unordered });
    expect(decoded!.publishedAt).toBeGreaterThanOrEqual(before);
  });

  it('delivers an envelope without a publish time (an older instance), or with a bad one, untimed', () => {
    for (const at of [undefined, 'yesterday']) {
      const payload = JSON.stringify({ origin: 'x', at, topic: { kind: 'broadcast' }, event: 'e', data: 1 });
      expect(decodeFanoutEvent(payload)).toEqual({
        origin: 'x',
        event: { topic: { kind: 'broadcast' }, event: 'e', data: 1 },
      });
    }
  });

  it('refuses an envelope whose stream position is not an integer', () => {
    const payload = JSON.stringify({
      origin: 'x',
      topic: { kind: 'broadcast' },
      event: 'e',
      data: 1,
      seq: 'a',
    });
    expect(decodeFanoutEvent(payload)).toBeNull();
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
