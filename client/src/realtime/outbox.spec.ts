import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PChatError } from '../errors.js';
import { newClientId, Outbox } from './outbox.js';

type Frame = { room_id: string; body: string; client_id: string };

function outbox(options: { maxSize?: number; maxInFlight?: number; ackTimeoutMs?: number } = {}) {
  const sent: Frame[] = [];
  let connected = true;
  const box = new Outbox({
    ...options,
    transmit: (frame) => {
      if (!connected) return false;
      sent.push(frame);
      return true;
    },
    random: () => 0.5,
  });
  return {
    box,
    sent,
    setConnected: (value: boolean) => (connected = value),
  };
}

const ack = (clientId: string, seq: number) => ({
  client_id: clientId,
  id: `id-${seq}`,
  seq,
  sent_at: 'now',
});

describe('Outbox', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends in order, one awaiting an ack at a time by default, and resolves with the ack', async () => {
    const { box, sent } = outbox();
    box.opened();
    const first = box.enqueue('r', 'one', 'c1');
    const second = box.enqueue('r', 'two', 'c2');
    expect(sent.map((frame) => frame.client_id)).toEqual(['c1']);
    box.acked(ack('c1', 1));
    expect(sent.map((frame) => frame.client_id)).toEqual(['c1', 'c2']);
    box.acked(ack('c2', 2));
    await expect(first).resolves.toMatchObject({ seq: 1 });
    await expect(second).resolves.toMatchObject({ seq: 2 });
    expect(box.size).toBe(0);
  });

  it('keeps unacknowledged sends across a lost connection and re-sends them with the same client_id', () => {
    const { box, sent, setConnected } = outbox({ maxInFlight: 4 });
    box.opened();
    void box.enqueue('r', 'one', 'c1');
    void box.enqueue('r', 'two', 'c2');
    box.acked(ack('c1', 1));
    box.lost();
    setConnected(false);
    void box.enqueue('r', 'three', 'c3');
    setConnected(true);
    box.opened();
    expect(sent.map((frame) => frame.client_id)).toEqual(['c1', 'c2', 'c2', 'c3']);
    expect(box.pending().map((entry) => entry.clientId)).toEqual(['c2', 'c3']);
  });

  it('refuses past its bound with OUTBOX_FULL, and a client_id already queued', async () => {
    const { box } = outbox({ maxSize: 1 });
    void box.enqueue('r', 'one', 'c1');
    await expect(box.enqueue('r', 'two', 'c2')).rejects.toMatchObject({ code: 'OUTBOX_FULL' });
    await expect(box.enqueue('r', 'again', 'c1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('retries RATE_LIMITED after the hinted delay, and later sends wait behind it', () => {
    const { box, sent } = outbox({ maxInFlight: 4 });
    box.opened();
    void box.enqueue('r', 'one', 'c1');
    box.refused({ code: 'RATE_LIMITED', message: 'slow down', ref: 'c1', details: { retry_after_ms: 300 } });
    void box.enqueue('r', 'two', 'c2');
    expect(sent.map((frame) => frame.client_id)).toEqual(['c1']);
    jest.advanceTimersByTime(299);
    expect(sent).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(sent.map((frame) => frame.client_id)).toEqual(['c1', 'c1', 'c2']);
  });

  it('rejects a send refused for good with the server code and goes on', async () => {
    const { box, sent } = outbox();
    box.opened();
    const doomed = box.enqueue('r', 'x', 'c1');
    void box.enqueue('r', 'fine', 'c2');
    expect(box.refused({ code: 'NOT_A_MEMBER', message: 'join first', ref: 'c1' })).toBe(true);
    await expect(doomed).rejects.toMatchObject({ code: 'NOT_A_MEMBER', message: 'join first' });
    expect(sent.map((frame) => frame.client_id)).toEqual(['c1', 'c2']);
    expect(box.refused({ code: 'NOT_FOUND', message: '', ref: 'message.edit' })).toBe(false);
  });

  it('sends again when an ack does not come in time (the server dedupes by client_id)', () => {
    const { box, sent } = outbox({ ackTimeoutMs: 1000 });
    box.opened();
    void box.enqueue('r', 'one', 'c1');
    jest.advanceTimersByTime(1000);
    expect(sent.map((frame) => frame.client_id)).toEqual(['c1', 'c1']);
  });

  it('failAll rejects everything queued', async () => {
    const { box } = outbox();
    const pending = box.enqueue('r', 'one', 'c1');
    box.failAll(new PChatError({ status: 0, code: 'CONNECTION_CLOSED', message: 'closed' }));
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(box.size).toBe(0);
  });

  it('makes v4 UUIDs for client_ids', () => {
    expect(newClientId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
