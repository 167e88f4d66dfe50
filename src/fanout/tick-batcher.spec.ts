import { describe, expect, it } from '@jest/globals';
import { TickBatcher } from './tick-batcher.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TickBatcher', () => {
  it('hands the payloads of one event-loop turn over together, in publish order', async () => {
    const batches: string[][] = [];
    const batcher = new TickBatcher((payloads) => {
      batches.push(payloads);
      return Promise.resolve();
    });
    const first = ['a', 'b', 'c'].map((payload) => batcher.push(payload));
    expect(batches).toEqual([]);
    await Promise.all(first);
    expect(batches).toEqual([['a', 'b', 'c']]);
    await nextTurn();
    await batcher.push('d');
    expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('rejects every payload of a batch the engine refused, then keeps working', async () => {
    let failing = true;
    const batcher = new TickBatcher((payloads) =>
      failing ? Promise.reject(new Error(`refused ${payloads.length}`)) : Promise.resolve(),
    );
    const refused = [batcher.push('a'), batcher.push('b')];
    await expect(refused[0]).rejects.toThrow('refused 2');
    await expect(refused[1]).rejects.toThrow('refused 2');
    failing = false;
    await expect(batcher.push('c')).resolves.toBeUndefined();
  });

  it('rejects the batch when the sender throws instead of rejecting', async () => {
    const batcher = new TickBatcher(() => {
      throw new Error('stream not writable');
    });
    await expect(batcher.push('a')).rejects.toThrow('stream not writable');
  });
});
