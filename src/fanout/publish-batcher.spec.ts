import { describe, expect, it } from '@jest/globals';
import { PublishBatcher } from './publish-batcher.js';

/** A statement sender whose statements finish only when the test says so. */
function manualSender() {
  const batches: string[][] = [];
  const finishers: Array<(error?: Error) => void> = [];
  const send = (payloads: string[]): Promise<void> => {
    batches.push(payloads);
    return new Promise((resolve, reject) => {
      finishers.push((error) => (error ? reject(error) : resolve()));
    });
  };
  const finishNext = async (error?: Error): Promise<void> => {
    finishers.shift()?.(error);
    // Let the batcher see the result and start its next statement.
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };
  return { batches, send, finishNext };
}

const isLarge = (payload: string): boolean => payload.startsWith('L');

describe('PublishBatcher', () => {
  it('sends the first payload at once and gathers the ones published meanwhile into one statement', async () => {
    const sender = manualSender();
    const batcher = new PublishBatcher(sender.send, isLarge);
    const done = ['a', 'b', 'c', 'd'].map((payload) => batcher.push(payload));
    expect(sender.batches).toEqual([['a']]);
    await sender.finishNext();
    expect(sender.batches).toEqual([['a'], ['b', 'c', 'd']]);
    await sender.finishNext();
    await expect(Promise.all(done)).resolves.toEqual([undefined, undefined, undefined, undefined]);
    expect(sender.batches).toHaveLength(2);
  });

  it('never puts a payload twice in one statement (PostgreSQL would deliver it once)', async () => {
    const sender = manualSender();
    const batcher = new PublishBatcher(sender.send, isLarge);
    const done = ['first', 'x', 'y', 'x', 'z'].map((payload) => batcher.push(payload));
    await sender.finishNext();
    expect(sender.batches[1]).toEqual(['x', 'y']);
    await sender.finishNext();
    expect(sender.batches[2]).toEqual(['x', 'z']);
    await sender.finishNext();
    await Promise.all(done);
  });

  it('sends a payload that must go alone in its own statement, keeping the order', async () => {
    const sender = manualSender();
    const batcher = new PublishBatcher(sender.send, isLarge);
    const done = ['first', 'a', 'Lbig', 'b', 'c'].map((payload) => batcher.push(payload));
    for (let i = 0; i < 4; i += 1) await sender.finishNext();
    expect(sender.batches).toEqual([['first'], ['a'], ['Lbig'], ['b', 'c']]);
    await Promise.all(done);
  });

  it('caps a statement at maxBatch payloads', async () => {
    const sender = manualSender();
    const batcher = new PublishBatcher(sender.send, isLarge, 2);
    const done = ['first', 'a', 'b', 'c'].map((payload) => batcher.push(payload));
    for (let i = 0; i < 3; i += 1) await sender.finishNext();
    expect(sender.batches).toEqual([['first'], ['a', 'b'], ['c']]);
    await Promise.all(done);
  });

  it('rejects exactly the payloads of a failed statement and goes on with the next', async () => {
    const sender = manualSender();
    const batcher = new PublishBatcher(sender.send, isLarge);
    const first = batcher.push('first');
    const second = batcher.push('second');
    const third = batcher.push('third');
    await sender.finishNext();
    await sender.finishNext(new Error('connection is down'));
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('connection is down');
    await expect(third).rejects.toThrow('connection is down');
    const later = batcher.push('later');
    expect(sender.batches.at(-1)).toEqual(['later']);
    await sender.finishNext();
    await expect(later).resolves.toBeUndefined();
  });
});
