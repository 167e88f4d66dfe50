import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { PasswordHasher } from '../users/password-hasher.js';
import { PasswordPolicy } from '../users/password-policy.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { ALL_SCOPES } from './access-token.claims.js';
import { AccessTokenService, type IssuedAccessToken } from './access-token.service.js';
import { EmailNotVerifiedError, WrongCredentialsError } from './auth.errors.js';
import type { ClientInfo } from './client-info.js';
import { SessionStore } from './session-store.service.js';

export interface FlashRegistration {
  name: string;
  username: string;
  password: string;
}

/** The flash API's sign-in: one session per register/login, a token living `JWT_EXP` minutes. */
@Injectable()
export class FlashAuthService {
  private readonly tokenMinutes: number;

  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(PasswordPolicy) private readonly policy: PasswordPolicy,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(AccessTokenService) private readonly accessTokens: AccessTokenService,
    @Inject(Configuration) config: Configuration,
  ) {
    this.tokenMinutes = config.of('auth').flashTokenMinutes;
  }

  async register(input: FlashRegistration, client: ClientInfo): Promise<{ user: User; token: string }> {
    this.policy.assertAcceptable(input.password);
    const user = await this.users.create({
      username: input.username,
      name: input.name,
      passwordHash: await this.hasher.hash(input.password),
    });
    return { user, token: (await this.openSession(user, client)).token };
  }

  async login(username: string, password: string, client: ClientInfo): Promise<string> {
    const user = await this.users.findByUsername(username);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDecoy(password);
    if (!user || !valid) throw new WrongCredentialsError();
    // A session-API account (it has an email) signs in once its email is verified, through either API;
    // flash-made users have no email and are unaffected.
    if (user.email && !user.emailVerifiedAt) throw new EmailNotVerifiedError('email not verified');
    return (await this.openSession(user, client)).token;
  }

  private async openSession(user: User, client: ClientInfo): Promise<IssuedAccessToken> {
    const session = await this.sessions.open({
      userId: user.id,
      kind: 'flash',
      scope: ALL_SCOPES.join(' '),
      expiresAt: new Date(Date.now() + this.tokenMinutes * 60_000),
      userAgent: client.userAgent,
      ip: client.ip,
    });
    return this.accessTokens.issue(session, user.username, this.tokenMinutes);
  }
}
