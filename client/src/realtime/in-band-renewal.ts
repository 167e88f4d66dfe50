// Keeps an open socket's token ahead of its expiry (API.md §6 `auth`): a third of the lifetime (at most a
// minute) before `exp` it asks the TokenManager for a token other than the socket's — refreshing through
// the same serialized path as REST — and sends it as `auth`.
import { renewLeadMs } from '../auth/token-lifetime.js';
import type { StoredTokens } from '../auth/token-store.js';

export interface RenewalTokens {
  current(): Promise<StoredTokens | null>;
  renewedAccessToken(rejected: string): Promise<string | null>;
}

const RETRY_MS = 2_000;

export class InBandRenewal {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by stop(): a renewal that was in flight then does nothing. */
  private epoch = 0;

  constructor(
    private readonly tokens: RenewalTokens,
    /** The token the socket is on now. */
    private readonly socketToken: () => string | null,
    /** Sends `auth` with this token; false when the socket is gone. */
    private readonly sendAuth: (token: string) => boolean,
  ) {}

  /** (Re)arms the timer from the stored token's expiry, or retries after `retryInMs`. */
  async schedule(retryInMs?: number): Promise<void> {
    this.clear();
    const epoch = this.epoch;
    const tokens = await this.tokens.current();
    // Flash tokens cannot be refreshed: the socket lives as long as its token.
    if (epoch !== this.epoch || tokens === null || tokens.refreshToken === null) return;
    const delay =
      retryInMs ?? Math.max(0, tokens.accessExpiresAt - renewLeadMs(tokens.accessLifetimeMs) - Date.now());
    this.timer = setTimeout(() => void this.renew(epoch), delay);
  }

  /** An `auth` was refused (AUTH_FAILED): try again shortly. */
  refused(): void {
    void this.schedule(RETRY_MS);
  }

  stop(): void {
    this.epoch += 1;
    this.clear();
  }

  private async renew(epoch: number): Promise<void> {
    const current = this.socketToken();
    if (epoch !== this.epoch || current === null) return;
    try {
      const fresh = await this.tokens.renewedAccessToken(current);
      // A rotation pushes itself onto the socket (RealtimeConnection listens to the TokenManager);
      // this covers a token that was rotated before the socket opened.
      if (epoch === this.epoch && fresh !== null && fresh !== this.socketToken()) this.sendAuth(fresh);
    } catch {
      if (epoch === this.epoch) void this.schedule(RETRY_MS);
    }
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
