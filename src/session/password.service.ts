import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionStore } from '../auth/session-store.service.js';
import { afterResponse } from '../common/after-response.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { AuthUser } from '../common/auth-user.js';
import { PasswordHasher } from '../users/password-hasher.js';
import { PasswordPolicy } from '../users/password-policy.js';
import { UsersService } from '../users/users.service.js';
import { AccountTokenStore } from './account-token.store.js';
import { SessionMailer } from './session-mailer.js';
import { ResetTokenInvalidError, WrongPasswordError } from './session.errors.js';

export const RESET_TOKEN_LIFETIME_MS = 3_600_000;

/** Password change (signed in) and reset by mail (API.md §4.4, §4.6). */
@Injectable()
export class PasswordService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(PasswordPolicy) private readonly policy: PasswordPolicy,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(AccountTokenStore) private readonly accountTokens: AccountTokenStore,
    @Inject(SessionMailer) private readonly mailer: SessionMailer,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** Changes the caller's password and revokes every other session of theirs. */
  async change(caller: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    this.policy.assertAcceptable(newPassword, 'new_password');
    const user = await this.users.findById(caller.userId);
    if (!user || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new WrongPasswordError();
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const revoked = await this.dataSource.transaction(async (manager) => {
      await this.users.updatePasswordHash(user.id, passwordHash, manager);
      return this.sessions.revokeAllOf(user.id, caller.sessionId, manager);
    });
    this.sessions.announceRevoked(revoked.map((sessionId) => ({ userId: user.id, sessionId })));
  }

  /**
   * Mails a reset token when the address is known. The lookup, the token and the mail happen after
   * the caller has answered: the same answer, in the same time, either way.
   */
  requestReset(email: string): void {
    afterResponse(
      async () => {
        const user = await this.users.findByEmail(email);
        if (!user?.email) return;
        const token = await this.accountTokens.issue(user.id, 'password_reset', RESET_TOKEN_LIFETIME_MS);
        await this.mailer.sendPasswordReset(user.email, token);
      },
      (error) => this.logger.errorEvent('password reset request failed', error),
    );
  }

  /**
   * Sets the new password and revokes every session. Using the mailed token proves control of the
   * mailbox, so an unverified email becomes verified.
   */
  async confirmReset(token: string, newPassword: string): Promise<void> {
    this.policy.assertAcceptable(newPassword);
    const passwordHash = await this.hasher.hash(newPassword);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const userId = await this.accountTokens.consume(token, 'password_reset', manager);
      const user = userId ? await this.users.findById(userId, manager) : null;
      if (!user) return null;
      await this.users.updatePasswordHash(user.id, passwordHash, manager);
      if (!user.emailVerifiedAt) await this.users.markEmailVerified(user.id, new Date(), manager);
      await this.accountTokens.spendAll(user.id, 'password_reset', manager);
      return { userId: user.id, revoked: await this.sessions.revokeAllOf(user.id, undefined, manager) };
    });
    if (!outcome) throw new ResetTokenInvalidError();
    this.sessions.announceRevoked(
      outcome.revoked.map((sessionId) => ({ userId: outcome.userId, sessionId })),
    );
  }
}
