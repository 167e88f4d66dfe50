// Hands out access tokens and refreshes them before expiry. Refreshing is serialized: one rotation in
// flight at a time, every other caller awaits the same one (and, where the Web Locks API exists, one
// tab at a time with a shared store), because presenting a rotated refresh token twice makes the server
// revoke the whole session (API.md §4.4).
import { PChatError } from '../errors.js';
import type { TokenPair } from '../rest/api-types.js';
import type { AccessTokenSource } from '../rest/http-transport.js';
import { fromFlashToken, fromTokenPair, needsRenewal } from './token-lifetime.js';
import { MemoryTokenStore, type StoredTokens, type TokenStore } from './token-store.js';

/** Runs `task` while holding a lock shared by every tab of the origin (or just runs it). */
export type RefreshLock = <T>(task: () => Promise<T>) => Promise<T>;

export interface TokenManagerOptions {
  store?: TokenStore;
  /** `POST /session/refresh`. */
  rotate(refreshToken: string): Promise<TokenPair>;
  lock?: RefreshLock;
  now?: () => number;
}

export type TokensListener = (tokens: StoredTokens | null) => void;

interface WebLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** `navigator.locks` where the platform has it (browsers; Node ≥ 22), else a no-op lock. */
function platformLock(): RefreshLock {
  const locks = (globalThis as { navigator?: { locks?: WebLocks } }).navigator?.locks;
  if (locks === undefined || typeof locks.request !== 'function') return (task) => task();
  return (task) => locks.request('p-chat.refresh', task);
}

export class TokenManager implements AccessTokenSource {
  private readonly store: TokenStore;
  private readonly lock: RefreshLock;
  private readonly now: () => number;
  private inFlight: Promise<StoredTokens> | null = null;
  private readonly listeners = new Set<TokensListener>();

  constructor(private readonly options: TokenManagerOptions) {
    this.store = options.store ?? new MemoryTokenStore();
    this.lock = options.lock ?? platformLock();
    this.now = options.now ?? Date.now;
  }

  async current(): Promise<StoredTokens | null> {
    return this.store.get();
  }

  /** Called with the new tokens after every sign-in and refresh, and with null on sign-out. */
  onChange(listener: TokensListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signedInWithPair(pair: TokenPair): Promise<StoredTokens> {
    return this.save(fromTokenPair(pair, this.now()));
  }

  async signedInWithFlashToken(token: string): Promise<StoredTokens> {
    return this.save(fromFlashToken(token, this.now()));
  }

  async signOut(): Promise<void> {
    await this.store.set(null);
    this.emit(null);
  }

  async accessToken(): Promise<string> {
    const tokens = await this.store.get();
    if (tokens === null) throw notSignedIn();
    if (tokens.refreshToken === null || !needsRenewal(tokens, this.now())) return tokens.accessToken;
    return (await this.refresh(tokens.accessToken)).accessToken;
  }

  async renewedAccessToken(rejected: string): Promise<string | null> {
    const tokens = await this.store.get();
    if (tokens === null) return null;
    if (tokens.accessToken !== rejected && !needsRenewal(tokens, this.now())) return tokens.accessToken;
    if (tokens.refreshToken === null) return null;
    try {
      return (await this.refresh(rejected)).accessToken;
    } catch (error) {
      if (error instanceof PChatError && error.status === 401) return null;
      throw error;
    }
  }

  /**
   * Rotates the refresh token, or joins the rotation already in flight. With `stale` (the access token
   * the caller found too old), a rotation some other caller or tab finished meanwhile is used as is.
   * A refused refresh (401: expired, revoked, or reused) signs out and rejects.
   */
  refresh(stale?: string): Promise<StoredTokens> {
    this.inFlight ??= this.lock(() => this.rotate(stale)).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async rotate(stale: string | undefined): Promise<StoredTokens> {
    const tokens = await this.store.get();
    if (tokens === null) throw notSignedIn();
    if (stale !== undefined && tokens.accessToken !== stale && !needsRenewal(tokens, this.now()))
      return tokens;
    if (tokens.refreshToken === null)
      throw new PChatError({
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'a flash token cannot be refreshed',
      });
    let pair: TokenPair;
    try {
      pair = await this.options.rotate(tokens.refreshToken);
    } catch (error) {
      if (error instanceof PChatError && error.status === 401) await this.signOut();
      throw error;
    }
    return this.save(fromTokenPair(pair, this.now()));
  }

  private async save(tokens: StoredTokens): Promise<StoredTokens> {
    await this.store.set(tokens);
    this.emit(tokens);
    return tokens;
  }

  private emit(tokens: StoredTokens | null): void {
    for (const listener of this.listeners) listener(tokens);
  }
}

function notSignedIn(): PChatError {
  return new PChatError({ status: 401, code: 'NOT_SIGNED_IN', message: 'sign in first' });
}
