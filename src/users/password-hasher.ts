import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id at the OWASP minimum (m=19 MiB, t=2, p=1); always the async API, off the event loop. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes at once: one core fewer than the machine has (at least one). argon2 runs on libuv's four
 * threads; on a 2-core box four hashing threads left the event loop waiting for a core, and 200
 * sign-ins at once put p99 event-loop lag at ~200 ms for every open socket (bench storm-signin).
 * With the rest queued the loop keeps a core and sign-ins finish no later: the cores were full anyway.
 */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

/** A FIFO gate: at most `limit` of the given tasks run at once. */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task, so a newcomer cannot overtake the queue.
      if (next) next();
      else this.running -= 1;
    }
  }
}

@Injectable()
export class PasswordHasher {
  private readonly gate = new ConcurrencyGate(HASH_CONCURRENCY);
  /** A real hash of a random secret: unknown users are checked against it so both paths cost the same. */
  private readonly decoy: Promise<string> = this.gate.run(() => argon2.hash(crypto.randomUUID(), OPTIONS));

  hash(password: string): Promise<string> {
    return this.gate.run(() => argon2.hash(password, OPTIONS));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await this.gate.run(() => argon2.verify(hash, password));
    } catch {
      return false;
    }
  }

  /** Spends the same work as `verify` and always fails: for sign-ins naming no known account. */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(await this.decoy, password);
    return false;
  }
}
