import { describe, expect, it } from '@jest/globals';
import { loadMetricsConfig } from './metrics.config.js';

describe('metrics configuration', () => {
  it('records by default, with no token', () => {
    expect(loadMetricsConfig({})).toEqual({ enabled: true, token: undefined });
    expect(loadMetricsConfig({ METRICS_TOKEN: '  ' })).toEqual({ enabled: true, token: undefined });
  });

  it('reads METRICS_TOKEN and METRICS_ENABLED, refusing a value that is not a boolean', () => {
    expect(loadMetricsConfig({ METRICS_TOKEN: 's3cret', METRICS_ENABLED: 'false' })).toEqual({
      enabled: false,
      token: 's3cret',
    });
    expect(() => loadMetricsConfig({ METRICS_ENABLED: 'sometimes' })).toThrow(/METRICS_ENABLED/);
  });
});
