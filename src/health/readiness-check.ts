import { DiscoveryService } from '@nestjs/core';
import type { HealthIndicatorResult } from '@nestjs/terminus';

/**
 * A readiness check another module contributes (the fan-out engine, Redis). Mark the provider class
 * with `@ReadinessCheckProvider()`; /health/ready finds it without knowing the module it comes from,
 * so dependencies keep pointing at health, never out of it.
 */
export interface ReadinessCheck {
  check(): Promise<HealthIndicatorResult>;
}

export const ReadinessCheckProvider = DiscoveryService.createDecorator<void>();

/** The shape terminus expects for one indicator. */
export function indicator(
  key: string,
  up: boolean,
  details: Record<string, unknown> = {},
): HealthIndicatorResult {
  return { [key]: { status: up ? 'up' : 'down', ...details } };
}
