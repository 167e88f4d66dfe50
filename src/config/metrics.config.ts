import { registerAs } from '@nestjs/config';
import { readBoolean, readString, type Env } from './env.js';

/** `GET /metrics` (API.md §7): Prometheus exposition, behind a bearer token in production. */
export interface MetricsConfig {
  /** False: nothing is recorded and `/metrics` is 404 (the benchmark's metrics-off run). */
  enabled: boolean;
  /** The bearer token `/metrics` wants in production; unset there → 404. Ignored outside production. */
  token: string | undefined;
}

export function loadMetricsConfig(env: Env): MetricsConfig {
  return {
    enabled: readBoolean(env, 'METRICS_ENABLED', true),
    token: readString(env, 'METRICS_TOKEN'),
  };
}

export const metricsConfig = registerAs('metrics', () => loadMetricsConfig(process.env));
