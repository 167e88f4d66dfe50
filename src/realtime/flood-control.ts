/** API.md §6: more than 20 messages per second per user (burst 40) are refused (config: WS_FLOOD_*). */
export const FLOOD_RATE_PER_SECOND = 20;
export const FLOOD_BURST = 40;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per user, shared by all of the user's connections on this instance. Buckets that have
 * refilled completely carry no information and are dropped by `sweep()`.
 */
/** A bucket map nobody sweeps (no heartbeat owns it) is swept by `take` at most this often. */
const SELF_SWEEP_MS = 30_000;

export class FloodControl {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt = 0;

  constructor(
    private readonly ratePerSecond = FLOOD_RATE_PER_SECOND,
    private readonly burst = FLOOD_BURST,
  ) {}

  /** Takes one token; false when the user is over the limit. */
  take(userId: string, now = Date.now()): boolean {
    if (now - this.sweptAt > SELF_SWEEP_MS) this.sweep(now);
    const bucket = this.refill(userId, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until one token is back (for messages that say when to retry). */
  retryAfterSeconds(userId: string, now = Date.now()): number {
    const bucket = this.refill(userId, now);
    return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / this.ratePerSecond);
  }

  sweep(now = Date.now()): void {
    this.sweptAt = now;
    for (const [userId, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond >= this.burst)
        this.buckets.delete(userId);
    }
  }

  private refill(userId: string, now: number): Bucket {
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(userId, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.ratePerSecond);
    bucket.at = now;
    return bucket;
  }
}
