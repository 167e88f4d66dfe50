import { Inject, Injectable } from '@nestjs/common';
import { ALL_SCOPES } from '../auth/access-token.claims.js';
import type { ClientInfo } from '../auth/client-info.js';
import type { Scope } from '../common/decorators/scopes.decorator.js';
import { PasswordHasher } from '../users/password-hasher.js';
import { UsersService } from '../users/users.service.js';
import { EmailNotVerifiedError, InvalidCredentialsError } from './session.errors.js';
import { TokenPairService, type TokenPair } from './token-pair.service.js';

/** POST /session/authorize (API.md §4.3). */
@Injectable()
export class SignInService {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(TokenPairService) private readonly tokenPairs: TokenPairService,
  ) {}

  /**
   * An unknown email costs the same hashing work as a wrong password, and "not verified" is told only
   * to someone who knows the password. `scopes` narrows the token; every user holds all scopes, so any
   * valid list is a subset (the DTO rejects unknown names).
   */
  async authorize(
    email: string,
    password: string,
    scopes: readonly Scope[] | undefined,
    client: ClientInfo,
  ): Promise<TokenPair> {
    const user = await this.users.findByEmail(email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDecoy(password);
    if (!user || !valid) throw new InvalidCredentialsError();
    if (!user.emailVerifiedAt) throw new EmailNotVerifiedError();
    return this.tokenPairs.open(user, scopes ?? ALL_SCOPES, client);
  }
}
