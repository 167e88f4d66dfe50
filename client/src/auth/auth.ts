// Signing in and out through either API; the tokens land in the TokenManager's store.
import type { FlashApi } from '../rest/flash-api.js';
import type {
  AuthorizeInput,
  FlashLoginInput,
  FlashRegisterInput,
  RegisterInput,
  Registration,
} from '../rest/api-types.js';
import type { SessionApi } from '../rest/session-api.js';
import type { TokenManager } from './token-manager.js';
import type { StoredTokens } from './token-store.js';

export class Auth {
  constructor(
    private readonly session: SessionApi,
    private readonly flash: FlashApi,
    readonly tokens: TokenManager,
  ) {}

  /** `POST /session/register`: sends the verification mail; signs nobody in. */
  register(input: RegisterInput): Promise<Registration> {
    return this.session.register(input);
  }

  /** `GET /session/emailVerify`: verifies the email and signs in. */
  async verifyEmail(verifyToken: string): Promise<StoredTokens> {
    return this.tokens.signedInWithPair(await this.session.verifyEmail(verifyToken));
  }

  /** `POST /session/authorize` (email + password, optional narrower `scope`). */
  async signIn(input: AuthorizeInput): Promise<StoredTokens> {
    return this.tokens.signedInWithPair(await this.session.authorize(input));
  }

  /** Flash `POST /register`: creates the user and signs in with a token that cannot be refreshed. */
  async flashRegister(input: FlashRegisterInput): Promise<StoredTokens> {
    return this.tokens.signedInWithFlashToken((await this.flash.register(input)).token);
  }

  /** Flash `POST /login`. */
  async flashLogin(input: FlashLoginInput): Promise<StoredTokens> {
    return this.tokens.signedInWithFlashToken((await this.flash.login(input)).token);
  }

  /** Rotates the refresh token now (serialized with every other refresh). */
  refresh(): Promise<StoredTokens> {
    return this.tokens.refresh();
  }

  /** Revokes the session on the server (best effort) and forgets the tokens. */
  async signOut(): Promise<void> {
    try {
      if ((await this.tokens.current()) !== null) await this.session.logout();
    } finally {
      await this.tokens.signOut();
    }
  }
}

/** The sha256 hex of a password, as the original session-API clients sent it (API.md §1). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
