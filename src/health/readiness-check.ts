import type { HealthIndicatorResult } from '@nestjs/terminus';

/** Extra readiness checks other modules contribute (the fan-out engine, for one). */
export interface ReadinessCheck {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
