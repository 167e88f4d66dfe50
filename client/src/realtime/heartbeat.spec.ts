import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Heartbeat } from './heartbeat.js';

function recording() {
  const events: string[] = [];
  const heartbeat = new Heartbeat(
    { intervalMs: 1000, timeoutMs: 500 },
    () => events.push('ping'),
    () => events.push('dead'),
  );
  return { events, heartbeat };
}

describe('Heartbeat', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('pings after the idle interval and declares the socket dead when nothing answers', () => {
    const { events, heartbeat } = recording();
    heartbeat.seen();
    jest.advanceTimersByTime(999);
    expect(events).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(events).toEqual(['ping']);
    jest.advanceTimersByTime(500);
    expect(events).toEqual(['ping', 'dead']);
  });

  it('any frame in time keeps the socket alive; stop() ends it; false disables it', () => {
    const { events, heartbeat } = recording();
    heartbeat.seen();
    jest.advanceTimersByTime(1200);
    heartbeat.seen();
    jest.advanceTimersByTime(900);
    heartbeat.stop();
    jest.advanceTimersByTime(10_000);
    expect(events).toEqual(['ping']);
    const off = new Heartbeat(
      false,
      () => events.push('never'),
      () => events.push('never'),
    );
    off.seen();
    jest.advanceTimersByTime(100_000);
    expect(events).toEqual(['ping']);
  });

  it('probe() pings at once and declares the socket dead after timeoutMs unless a frame comes', () => {
    const { events, heartbeat } = recording();
    heartbeat.seen();
    jest.advanceTimersByTime(100);
    heartbeat.probe();
    expect(events).toEqual(['ping']);
    heartbeat.probe();
    expect(events).toEqual(['ping']);
    jest.advanceTimersByTime(499);
    expect(events).toEqual(['ping']);
    jest.advanceTimersByTime(1);
    expect(events).toEqual(['ping', 'dead']);

    const answered = recording();
    answered.heartbeat.probe();
    jest.advanceTimersByTime(300);
    answered.heartbeat.seen();
    jest.advanceTimersByTime(900);
    expect(answered.events).toEqual(['ping']);
  });
});
