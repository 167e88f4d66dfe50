import { describe, expect, it } from '@jest/globals';
import { metricsAccess } from './metrics-access.js';

const production = { enabled: true, production: true, token: 'scrape-token-1' };

describe('metricsAccess', () => {
  it('is open outside production, token or not', () => {
    expect(metricsAccess({ ...production, production: false }, undefined)).toBe('allowed');
    expect(metricsAccess({ ...production, production: false }, 'Bearer wrong')).toBe('allowed');
  });

  it('is 404 when metrics are disabled, or in production without METRICS_TOKEN', () => {
    expect(metricsAccess({ ...production, enabled: false }, 'Bearer scrape-token-1')).toBe('not_found');
    expect(metricsAccess({ ...production, production: false, enabled: false }, undefined)).toBe('not_found');
    expect(metricsAccess({ ...production, token: undefined }, 'Bearer anything')).toBe('not_found');
  });

  it('in production wants exactly `Bearer <METRICS_TOKEN>` (scheme word in any case)', () => {
    expect(metricsAccess(production, 'Bearer scrape-token-1')).toBe('allowed');
    expect(metricsAccess(production, 'bearer  scrape-token-1 ')).toBe('allowed');
    expect(metricsAccess(production, undefined)).toBe('unauthorized');
    expect(metricsAccess(production, 'Bearer scrape-token-2')).toBe('unauthorized');
    expect(metricsAccess(production, 'Bearer scrape-token-1x')).toBe('unauthorized');
    expect(metricsAccess(production, 'scrape-token-1')).toBe('unauthorized');
    expect(metricsAccess(production, 'Basic c2NyYXBlLXRva2VuLTE=')).toBe('unauthorized');
  });
});
