// Capped exponential backoff with full jitter: attempt n waits a random time in [0, min(max, initial·2ⁿ)],
// so clients dropped together by a restart do not come back together.

export interface BackoffOptions {
  /** First ceiling, ms (default 500). */
  initialMs?: number;
  /** Largest ceiling, ms (default 30 000). */
  maxMs?: number;
  /** Smallest wait, ms, so a flapping server is not hammered (default 100). */
  minMs?: number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const min = Math.min(options.minMs ?? 100, max);
  const ceiling = Math.min(max, initial * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.max(min, Math.round(random() * ceiling));
}
