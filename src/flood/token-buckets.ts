// Token buckets in this instance's memory: the flood budget when no Redis is configured (or while it is
// unreachable), and the per-instance `control` budget. One bucket per key (a user id).

/** What taking a token answered: refused takes say when a token is back. */
export interface FloodVerdict {
  allowed: boolean;
  /** 0 when allowed; else milliseconds until one token has refilled. */
  retryAfterMs: number;
}

export interface BucketRate {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets nobody takes from are swept by `take` at most this often (full ones carry no information). */
const SWEEP_EVERY_MS = 30_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt = 0;

  constructor(private readonly rate: BucketRate) {}

  /** Takes one token from the key's bucket. */
  take(key: string, now = Date.now()): FloodVerdict {
    if (now - this.sweptAt > SWEEP_EVERY_MS) this.sweep(now);
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    // Refills accumulate float noise (0.98 reads 0.9799…): a microsecond's tolerance keeps whole ms whole.
    const waitMs = ((1 - bucket.tokens) * 1000) / this.rate.perSecond;
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(waitMs - 1e-3)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  sweep(now = Date.now()): void {
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond >= this.rate.burst)
        this.buckets.delete(key);
    }
  }

  private refill(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.rate.burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.rate.burst, bucket.tokens + elapsed * this.rate.perSecond);
    bucket.at = now;
    return bucket;
  }
}
