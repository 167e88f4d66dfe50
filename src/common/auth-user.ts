import type { Scope } from './decorators/scopes.decorator.js';

/** Who is calling, as established from a verified access token and its live session. */
export interface AuthUser {
  userId: string;
  username: string;
  sessionId: string;
  scopes: Scope[];
  /** Token expiry, unix seconds. */
  expiresAt: number;
}
