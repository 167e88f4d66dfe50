import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AccountToken, type AccountTokenPurpose } from './entities/account-token.entity.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

/** Single-use mailed tokens (verification 24 h, password reset 1 h), kept only as hashes. */
@Injectable()
export class AccountTokenStore {
  constructor(@InjectRepository(AccountToken) private readonly tokens: Repository<AccountToken>) {}

  private repo(manager?: EntityManager): Repository<AccountToken> {
    return manager ? manager.getRepository(AccountToken) : this.tokens;
  }

  /** Stores a new token's hash and returns the token itself, to be mailed once. */
  async issue(
    userId: string,
    purpose: AccountTokenPurpose,
    lifetimeMs: number,
    manager?: EntityManager,
  ): Promise<string> {
    const { token, hash } = newOpaqueToken();
    const repo = this.repo(manager);
    await repo.insert({
      userId,
      purpose,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + lifetimeMs),
      usedAt: null,
    });
    return token;
  }

  /**
   * Marks a live token used and returns its user; null when it is unknown, of another purpose, used
   * or expired. One conditional UPDATE, so two concurrent uses cannot both succeed.
   */
  async consume(
    token: string,
    purpose: AccountTokenPurpose,
    manager?: EntityManager,
  ): Promise<string | null> {
    const now = new Date();
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now', {
        hash: hashOpaqueToken(token),
        purpose,
        now,
      })
      .returning('user_id')
      .execute();
    const row = (result.raw as { user_id: string }[])[0];
    return row?.user_id ?? null;
  }

  /** Spends every outstanding token of a purpose (after a reset, older reset mails stop working). */
  async spendAll(userId: string, purpose: AccountTokenPurpose, manager?: EntityManager): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ usedAt: new Date() })
      .where('user_id = :userId AND purpose = :purpose AND used_at IS NULL', { userId, purpose })
      .execute();
  }
}
