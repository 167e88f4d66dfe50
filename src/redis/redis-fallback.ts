import type { JsonLogger } from '../common/logging/json-logger.js';

/**
 * For state shared through Redis with a per-instance fallback (rate limits, the flood budget): logs
 * once when Redis fails and the instance counts on its own, and once when sharing works again.
 */
export class RedisFallback {
  private active = false;

  constructor(
    private readonly logger: JsonLogger,
    /** e.g. "rate limits": logged as "<what> counted per instance meanwhile". */
    private readonly what: string,
  ) {}

  failed(error: unknown): void {
    if (this.active) return;
    this.active = true;
    this.logger.event('warn', `redis unreachable; ${this.what} counted per instance meanwhile`, {
      error: error instanceof Error ? error.message : String(error),
    });
  }

  succeeded(): void {
    if (!this.active) return;
    this.active = false;
    this.logger.event('info', `${this.what} shared through redis again`);
  }
}
