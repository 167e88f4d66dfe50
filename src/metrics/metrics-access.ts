// Who may read /metrics (API.md §7): anyone in development; in production only a caller presenting
// `Authorization: Bearer $METRICS_TOKEN`, and nobody (404, as if there were no such route) when no
// token is configured.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface MetricsAccessRule {
  enabled: boolean;
  production: boolean;
  token: string | undefined;
}

export type MetricsAccess = 'allowed' | 'not_found' | 'unauthorized';

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;

export function metricsAccess(rule: MetricsAccessRule, authorization: string | undefined): MetricsAccess {
  if (!rule.enabled) return 'not_found';
  if (!rule.production) return 'allowed';
  if (rule.token === undefined) return 'not_found';
  const presented = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  return presented !== undefined && sameSecret(presented, rule.token) ? 'allowed' : 'unauthorized';
}

/** Compared as digests, in constant time: the time taken says nothing about the token's prefix or length. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
