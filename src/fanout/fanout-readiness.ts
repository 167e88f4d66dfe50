import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { FanoutMode } from '../config/fanout.config.js';
import { indicator, ReadinessCheckProvider, type ReadinessCheck } from '../health/readiness-check.js';
import { FANOUT, type Fanout } from './fanout.js';

/** `fanout` in /health/ready: down while the engine (Redis, the LISTEN connection) is unreachable. */
@ReadinessCheckProvider()
@Injectable()
export class FanoutReadiness implements ReadinessCheck {
  private readonly mode: FanoutMode;

  constructor(
    @Inject(FANOUT) private readonly fanout: Fanout,
    @Inject(Configuration) config: Configuration,
  ) {
    this.mode = config.of('fanout').mode;
  }

  check(): Promise<HealthIndicatorResult> {
    return Promise.resolve(indicator('fanout', this.fanout.isHealthy(), { engine: this.mode }));
  }
}
