import { describe, expect, it } from '@jest/globals';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { FanoutMeters } from '../metrics/index.js';
import { EngineFanout } from './engine-fanout.js';
import type { FanoutEvent } from './fanout.js';
import { encodeFanoutEvent } from './fanout-wire.js';

class QuietLogger extends JsonLogger {
  override event(): void {}
}

/** An engine that records what it was handed and can be switched off. */
class FakeEngineFanout extends EngineFanout {
  readonly sent: string[] = [];
  failing = false;

  constructor(meters?: FanoutMeters) {
    super('fake', new QuietLogger(), meters);
  }

  up(healthy: boolean): void {
    this.setHealthy(healthy);
  }

  deliverFromEngine(payload: string): void {
    this.receive(payload);
  }

  protected send(payload: string): Promise<void> {
    if (this.failing) return Promise.reject(new Error('engine gone'));
    this.sent.push(payload);
    return Promise.resolve();
  }
}

const event: FanoutEvent = {
  topic: { kind: 'user', userId: 'u1' },
  event: 'presence',
  data: { online: true },
};

/** Meters that remember what they were given. */
function recordingMeters() {
  const seen = { published: 0, received: 0, lags: [] as number[] };
  const meters: FanoutMeters = {
    published: { inc: () => void (seen.published += 1) },
    received: { inc: () => void (seen.received += 1) },
    deliveryLag: { observe: (value) => void seen.lags.push(value) },
  };
  return { meters, seen };
}

describe('EngineFanout', () => {
  it('counts events handed to the engine, events from other instances, and their delivery lag', async () => {
    const { meters, seen } = recordingMeters();
    const fanout = new FakeEngineFanout(meters);
    await fanout.publish(event); // engine down: dropped, not published
    fanout.up(true);
    await fanout.publish(event);
    fanout.failing = true;
    await fanout.publish(event);
    expect(seen.published).toBe(1);
    fanout.deliverFromEngine(fanout.sent[0]); // our own echo
    fanout.deliverFromEngine(encodeFanoutEvent('another-instance', event, Date.now() - 250));
    // A publisher whose clock runs ahead: no negative lag.
    fanout.deliverFromEngine(encodeFanoutEvent('another-instance', event, Date.now() + 60_000));
    fanout.deliverFromEngine('not json');
    expect(seen.received).toBe(2);
    expect(seen.lags).toHaveLength(2);
    expect(seen.lags[0]).toBeGreaterThanOrEqual(0.25);
    expect(seen.lags[0]).toBeLessThan(5);
    expect(seen.lags[1]).toBe(0);
  });

  it('delivers a published event locally once, even when the engine echoes it back', async () => {
    const fanout = new FakeEngineFanout();
    fanout.up(true);
    const seen: FanoutEvent[] = [];
    fanout.subscribe((received) => seen.push(received));
    await fanout.publish(event);
    expect(fanout.sent).toHaveLength(1);
    fanout.deliverFromEngine(fanout.sent[0]);
    expect(seen).toEqual([event]);
  });

  it("delivers other instances' events from the engine", () => {
    const fanout = new FakeEngineFanout();
    const seen: FanoutEvent[] = [];
    fanout.subscribe((received) => seen.push(received));
    fanout.deliverFromEngine(encodeFanoutEvent('another-instance', event));
    fanout.deliverFromEngine('not json');
    fanout.deliverFromEngine(JSON.stringify({ origin: 'x', topic: { kind: 'nope' }, event: 'e' }));
    expect(seen).toEqual([event]);
  });

  it('keeps serving local subscribers while the engine is down, without rejecting', async () => {
    const fanout = new FakeEngineFanout();
    const seen: FanoutEvent[] = [];
    fanout.subscribe((received) => seen.push(received));
    expect(fanout.isHealthy()).toBe(false);
    await fanout.publish(event);
    fanout.up(true);
    fanout.failing = true;
    await expect(fanout.publish(event)).resolves.toBeUndefined();
    expect(seen).toEqual([event, event]);
    expect(fanout.sent).toEqual([]);
  });

  it('isolates a failing handler from the others', async () => {
    const fanout = new FakeEngineFanout();
    const seen: string[] = [];
    fanout.subscribe(() => {
      throw new Error('boom');
    });
    fanout.subscribe((received) => seen.push(received.event));
    await fanout.publish(event);
    expect(seen).toEqual(['presence']);
  });

  it('tells its recovery handlers each time the engine is back after an outage, not on first connect', () => {
    const fanout = new FakeEngineFanout();
    let recoveries = 0;
    fanout.onRecovered(() => (recoveries += 1));
    fanout.up(true);
    expect(recoveries).toBe(0);
    fanout.up(true);
    fanout.up(false);
    fanout.up(true);
    expect(recoveries).toBe(1);
    fanout.up(false);
    fanout.up(true);
    expect(recoveries).toBe(2);
  });
});
