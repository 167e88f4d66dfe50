// Where the SDK keeps the caller's tokens: memory by default, Web Storage (shared by a browser's tabs)
// or anything with the same two methods (a keychain, a file, an encrypted cookie jar).

export interface StoredTokens {
  accessToken: string;
  /** When the access token expires, on this machine's clock (ms since epoch). */
  accessExpiresAt: number;
  /** The access token's whole lifetime (exp − iat), to decide how early to renew it. */
  accessLifetimeMs: number;
  /** Null for flash `/login` tokens: they cannot be refreshed. */
  refreshToken: string | null;
  refreshExpiresAt: number | null;
  scope: string;
}

export interface TokenStore {
  get(): StoredTokens | null | Promise<StoredTokens | null>;
  set(tokens: StoredTokens | null): void | Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private tokens: StoredTokens | null = null;

  get(): StoredTokens | null {
    return this.tokens;
  }

  set(tokens: StoredTokens | null): void {
    this.tokens = tokens;
  }
}

/** The subset of the DOM `Storage` interface the store uses (localStorage, sessionStorage). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Tokens in `localStorage`: every tab of the origin sees one session, refreshed by one tab at a time. */
export class WebStorageTokenStore implements TokenStore {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key = 'p-chat.tokens',
  ) {}

  get(): StoredTokens | null {
    const text = this.storage.getItem(this.key);
    if (text === null) return null;
    try {
      return JSON.parse(text) as StoredTokens;
    } catch {
      return null;
    }
  }

  set(tokens: StoredTokens | null): void {
    if (tokens === null) this.storage.removeItem(this.key);
    else this.storage.setItem(this.key, JSON.stringify(tokens));
  }
}
