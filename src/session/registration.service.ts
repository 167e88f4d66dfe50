import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALL_SCOPES } from '../auth/access-token.claims.js';
import { afterResponse } from '../common/after-response.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { ClientInfo } from '../auth/client-info.js';
import { PasswordHasher } from '../users/password-hasher.js';
import { PasswordPolicy } from '../users/password-policy.js';
import { UsernameTakenError } from '../users/users.errors.js';
import { UsersService } from '../users/users.service.js';
import { AccountTokenStore } from './account-token.store.js';
import { SessionMailer } from './session-mailer.js';
import { InvalidVerificationTokenError, UsernameUnavailableError } from './session.errors.js';
import { TokenPairService, type TokenPair } from './token-pair.service.js';
import { deriveUsername } from './username-derivation.js';

export interface SessionRegistration {
  email: string;
  password: string;
  username?: string;
  name?: string;
}

export interface RegistrationResult {
  /** Returned to the client only when it cannot leak mailbox control (see RegistrationController). */
  verificationToken: string;
}

export const VERIFICATION_TOKEN_LIFETIME_MS = 24 * 3_600_000;
/** Another request may take a derived username between the check and the insert. */
const DERIVATION_ATTEMPTS = 3;

/** /session/register, /session/emailVerify and /session/resendVerification (API.md §4.1–4.2). */
@Injectable()
export class RegistrationService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(PasswordPolicy) private readonly policy: PasswordPolicy,
    @Inject(AccountTokenStore) private readonly accountTokens: AccountTokenStore,
    @Inject(TokenPairService) private readonly tokenPairs: TokenPairService,
    @Inject(SessionMailer) private readonly mailer: SessionMailer,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async register(input: SessionRegistration): Promise<RegistrationResult> {
    this.policy.assertAcceptable(input.password);
    const passwordHash = await this.hasher.hash(input.password);
    for (let attempt = 1; ; attempt += 1) {
      const username = input.username ?? (await this.derivedUsername(input.email));
      try {
        const { user, token } = await this.dataSource.transaction(async (manager) => {
          const user = await this.users.create(
            { username, name: input.name ?? username, email: input.email, passwordHash },
            manager,
          );
          const token = await this.accountTokens.issue(
            user.id,
            'email_verify',
            VERIFICATION_TOKEN_LIFETIME_MS,
            manager,
          );
          return { user, token };
        });
        await this.mailer.sendVerification(user.email as string, token);
        return { verificationToken: token };
      } catch (error) {
        const raced = error instanceof UsernameTakenError && input.username === undefined;
        if (!raced || attempt >= DERIVATION_ATTEMPTS) throw error;
      }
    }
  }

  /** Spends the token, marks the email verified and signs in, all in one transaction. */
  async verifyEmail(token: unknown, client: ClientInfo): Promise<TokenPair> {
    if (typeof token !== 'string' || token === '') throw new InvalidVerificationTokenError();
    const pair = await this.dataSource.transaction(async (manager) => {
      const userId = await this.accountTokens.consume(token, 'email_verify', manager);
      const user = userId ? await this.users.findById(userId, manager) : null;
      if (!user) return null;
      if (!user.emailVerifiedAt) await this.users.markEmailVerified(user.id, new Date(), manager);
      return this.tokenPairs.open(user, ALL_SCOPES, client, manager);
    });
    if (!pair) throw new InvalidVerificationTokenError();
    return pair;
  }

  /**
   * Mails a fresh token when the address belongs to an unverified account. The lookup, the token and
   * the mail happen after the caller has answered: the same answer, in the same time, either way.
   */
  resendVerification(email: string): void {
    afterResponse(
      async () => {
        const user = await this.users.findByEmail(email);
        if (!user?.email || user.emailVerifiedAt) return;
        const token = await this.accountTokens.issue(user.id, 'email_verify', VERIFICATION_TOKEN_LIFETIME_MS);
        await this.mailer.sendVerification(user.email, token);
      },
      (error) => this.logger.errorEvent('verification mail request failed', error),
    );
  }

  private async derivedUsername(email: string): Promise<string> {
    const username = await deriveUsername(email, (candidate) => this.users.isUsernameTaken(candidate));
    if (username === undefined) throw new UsernameUnavailableError();
    return username;
  }
}
