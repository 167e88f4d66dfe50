import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id at the OWASP minimum (m=19 MiB, t=2, p=1); always the async API, off the event loop. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** A real hash of a random secret: unknown users are checked against it so both paths cost the same. */
  private readonly decoy: Promise<string> = argon2.hash(crypto.randomUUID(), OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
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
