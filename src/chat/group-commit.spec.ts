import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import type { MessageView } from './dto/message.response.js';
import { GroupCommit } from './group-commit.js';
import type { BatchResult, MessageWriter, NewMessage, SendOutcome } from './message-store.js';

function view(item: NewMessage, seq: number): MessageView {
  return {
    id: `m${seq}`,
    roomId: item.roomId,
    seq,
    senderId: item.senderId,
    senderUsername: item.senderId,
    senderName: item.senderId,
    body: item.body,
    clientId: item.clientId,
    sentAt: new Date(0),
    editedAt: null,
    deletedAt: null,
  };
}

/** Stores in memory; records each batch; can be told to fail whole batches containing a body. */
class FakeWriter implements MessageWriter {
  batches: string[][] = [];
  seq = 0;
  failBatchesWith: string | null = null;
  rejectItemBody: string | null = null;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }

  async writeBatch(items: NewMessage[]): Promise<BatchResult[]> {
    this.batches.push(items.map((i) => i.body));
    if (this.gate) await this.gate;
    if (items.length > 1 && this.failBatchesWith && items.some((i) => i.body === this.failBatchesWith)) {
      throw new QueryFailedError('INSERT', [], new Error('boom'));
    }
    return items.map((item) =>
      item.body === this.rejectItemBody
        ? new Error('bad item')
        : { message: view(item, ++this.seq), created: true },
    );
  }
}

const item = (body: string): NewMessage => ({ roomId: 'r', senderId: 's', body, clientId: null });
const bodies = (outcomes: SendOutcome[]) => outcomes.map((o) => o.message.body);

describe('GroupCommit', () => {
  it('stores the sends of one tick in one batch and settles each after it', async () => {
    const writer = new FakeWriter();
    const committed: SendOutcome[][] = [];
    const group = new GroupCommit(writer, { maxBatch: 100, onCommitted: (c) => committed.push(c) });
    const results = await Promise.all(['a', 'b', 'c'].map((b) => group.submit(item(b))));
    expect(writer.batches).toEqual([['a', 'b', 'c']]);
    expect(results.map((r) => r.message.seq)).toEqual([1, 2, 3]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(committed.map(bodies)).toEqual([['a', 'b', 'c']]);
  });

  it('queues sends that arrive during a commit into the next batch', async () => {
    const writer = new FakeWriter();
    const group = new GroupCommit(writer, { maxBatch: 100, onCommitted: () => undefined });
    writer.hold();
    const first = group.submit(item('a'));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [group.submit(item('b')), group.submit(item('c'))];
    expect(group.waiting).toBe(2);
    writer.release();
    await Promise.all([first, ...later]);
    expect(writer.batches).toEqual([['a'], ['b', 'c']]);
  });

  it('splits at maxBatch', async () => {
    const writer = new FakeWriter();
    const group = new GroupCommit(writer, { maxBatch: 2, onCommitted: () => undefined });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((b) => group.submit(item(b))));
    expect(writer.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('retries a failed batch item by item, so one bad item fails alone', async () => {
    const writer = new FakeWriter();
    writer.failBatchesWith = 'bad';
    writer.rejectItemBody = 'bad';
    const committed: SendOutcome[][] = [];
    const group = new GroupCommit(writer, { maxBatch: 100, onCommitted: (c) => committed.push(c) });
    const settled = await Promise.allSettled(['a', 'bad', 'c'].map((b) => group.submit(item(b))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writer.batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(committed.map(bodies)).toEqual([['a', 'c']]);
  });

  it('fails the whole batch at once when the database is unreachable', async () => {
    const writer: MessageWriter = {
      writeBatch: () =>
        Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    };
    const group = new GroupCommit(writer, { maxBatch: 100, onCommitted: () => undefined });
    const settled = await Promise.allSettled(['a', 'b'].map((b) => group.submit(item(b))));
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
  });

  it('publishes only created messages, never replays', async () => {
    const writer: MessageWriter = {
      writeBatch: (items) =>
        Promise.resolve(items.map((i, n) => ({ message: view(i, n + 1), created: i.body !== 'replay' }))),
    };
    const committed: SendOutcome[][] = [];
    const group = new GroupCommit(writer, { maxBatch: 100, onCommitted: (c) => committed.push(c) });
    await Promise.all(['new', 'replay'].map((b) => group.submit(item(b))));
    await new Promise((resolve) => setImmediate(resolve));
    expect(committed.map(bodies)).toEqual([['new']]);
  });

  describe('with several batches in flight', () => {
    const inRoom = (roomId: string, body: string): NewMessage => ({
      roomId,
      senderId: 's',
      body,
      clientId: null,
    });

    it('writes batches of different rooms concurrently', async () => {
      const writer = new FakeWriter();
      const group = new GroupCommit(writer, { maxBatch: 2, maxInFlight: 2, onCommitted: () => undefined });
      writer.hold();
      const sends = [inRoom('r1', 'a'), inRoom('r1', 'b'), inRoom('r2', 'c')].map((i) => group.submit(i));
      await new Promise((resolve) => setImmediate(resolve));
      expect(writer.batches).toEqual([['a', 'b'], ['c']]);
      writer.release();
      await Promise.all(sends);
    });

    it('never has two batches of one room in flight, and keeps each room in order', async () => {
      const writer = new FakeWriter();
      const committed: SendOutcome[][] = [];
      const group = new GroupCommit(writer, {
        maxBatch: 1,
        maxInFlight: 3,
        onCommitted: (c) => committed.push(c),
      });
      writer.hold();
      const sends = [inRoom('r1', 'a1'), inRoom('r1', 'a2'), inRoom('r2', 'b1'), inRoom('r1', 'a3')].map(
        (i) => group.submit(i),
      );
      await new Promise((resolve) => setImmediate(resolve));
      // a2 and a3 wait for a1; b1 goes beside it.
      expect(writer.batches).toEqual([['a1'], ['b1']]);
      writer.release();
      await Promise.all(sends);
      await new Promise((resolve) => setImmediate(resolve));
      expect(writer.batches).toEqual([['a1'], ['b1'], ['a2'], ['a3']]);
      const roomOne = committed.flat().filter((o) => o.message.roomId === 'r1');
      expect(bodies(roomOne)).toEqual(['a1', 'a2', 'a3']);
    });

    it('reports settled only when every batch in flight is done', async () => {
      const writer = new FakeWriter();
      const group = new GroupCommit(writer, { maxBatch: 1, maxInFlight: 2, onCommitted: () => undefined });
      writer.hold();
      const sends = [inRoom('r1', 'a'), inRoom('r2', 'b')].map((i) => group.submit(i));
      await new Promise((resolve) => setImmediate(resolve));
      expect(group.waiting).toBe(0);
      let done = false;
      const settled = group.settled(5000).then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(done).toBe(false);
      writer.release();
      await Promise.all(sends);
      await settled;
      expect(done).toBe(true);
    });
  });
});
