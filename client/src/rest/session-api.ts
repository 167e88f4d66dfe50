// The session API (API.md §4): raw calls. Signing in through `Auth` also stores the tokens.
import type {
  AuthorizeInput,
  ChangePasswordInput,
  PasswordResetConfirmInput,
  RegisterInput,
  Registration,
  SessionInfo,
  TokenPair,
} from './api-types.js';
import type { HttpTransport } from './http-transport.js';

const family = 'session';

export class SessionApi {
  constructor(private readonly http: HttpTransport) {}

  register(input: RegisterInput): Promise<Registration> {
    return this.http.call('post', '/session/register', {
      family,
      auth: false,
      body: input,
    }) as Promise<Registration>;
  }

  verifyEmail(verifyToken: string): Promise<TokenPair> {
    return this.http.call('get', '/session/emailVerify', {
      family,
      auth: false,
      query: { verifyToken },
    }) as Promise<TokenPair>;
  }

  resendVerification(email: string): Promise<void> {
    return this.http
      .call('post', '/session/resendVerification', { family, auth: false, body: { email } })
      .then(() => undefined);
  }

  authorize(input: AuthorizeInput): Promise<TokenPair> {
    return this.http.call('post', '/session/authorize', {
      family,
      auth: false,
      body: input,
    }) as Promise<TokenPair>;
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.http.call('post', '/session/refresh', {
      family,
      auth: false,
      body: { refresh_token: refreshToken },
    }) as Promise<TokenPair>;
  }

  /** Revokes the current session (its sockets close with 4001). */
  /** "Log out my other devices": revokes every other live session; resolves to how many. */
  logoutOthers(): Promise<{ revoked: number }> {
    return this.http.call('post', '/session/logoutOthers', { family }) as Promise<{ revoked: number }>;
  }

  logout(): Promise<void> {
    return this.http.call('post', '/session/logout', { family }).then(() => undefined);
  }

  /** The caller's live sessions. */
  list(): Promise<SessionInfo[]> {
    return this.http.call('get', '/session', { family }) as Promise<SessionInfo[]>;
  }

  revoke(sessionId: string): Promise<void> {
    return this.http
      .call('delete', '/session/{id}', { family, params: { id: sessionId } })
      .then(() => undefined);
  }

  /** Changes the password and revokes the user's other sessions. */
  changePassword(input: ChangePasswordInput): Promise<void> {
    return this.http.call('post', '/session/password', { family, body: input }).then(() => undefined);
  }

  requestPasswordReset(email: string): Promise<void> {
    return this.http
      .call('post', '/session/passwordReset', { family, auth: false, body: { email } })
      .then(() => undefined);
  }

  confirmPasswordReset(input: PasswordResetConfirmInput): Promise<void> {
    return this.http
      .call('post', '/session/passwordReset/confirm', { family, auth: false, body: input })
      .then(() => undefined);
  }
}
