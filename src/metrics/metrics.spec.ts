import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { Configuration } from '../config/configuration.js';
import { BucketHistogram } from './meters.js';
import { Metrics } from './metrics.js';

function metricsWith(enabled: boolean, fanout: 'local' | 'redis' | 'postgres' = 'local'): Metrics {
  const namespaces: Record<string, object> = { metrics: { enabled }, fanout: { mode: fanout } };
  return new Metrics({ of: (key: string) => namespaces[key] } as unknown as Configuration);
}

/** The sample lines of one family (no HELP/TYPE). */
function samples(text: string, family: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(family) && !line.startsWith('#'));
}

describe('Metrics', () => {
  it('exposes the process defaults and every family of API.md §7, each series from zero', async () => {
    const text = await metricsWith(true).scrape();
    for (const family of [
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'http_request_duration_seconds',
      'ws_connections',
      'ws_disconnects_total',
      'ws_frames_received_total',
      'ws_frames_sent_total',
      'chat_messages_stored_total',
      'chat_commit_duration_seconds',
      'auth_rate_limited_total',
    ]) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    expect(samples(text, 'ws_connections')).toEqual([
      'ws_connections{protocol="ws"} 0',
      'ws_connections{protocol="chats"} 0',
    ]);
    expect(samples(text, 'ws_disconnects_total')).toHaveLength(7);
    expect(text).toContain('chat_messages_stored_total 0\n');
    expect(text).not.toContain('fanout_');
  });

  it('moves with what is recorded', async () => {
    const metrics = metricsWith(true);
    metrics.connectionOpened('ws');
    metrics.connectionOpened('ws');
    metrics.connectionOpened('chats');
    metrics.connectionClosed('ws', 'slow_consumer');
    const received = metrics.framesReceived('chats');
    received.inc();
    received.inc();
    metrics.messagesStored.inc();
    metrics.authRateLimited('authorize');
    metrics.httpRequest('GET', '/rooms/:id', 404, 0.003);
    const text = await metrics.scrape();
    expect(text).toContain('ws_connections{protocol="ws"} 1\n');
    expect(text).toContain('ws_connections{protocol="chats"} 1\n');
    expect(text).toContain('ws_disconnects_total{reason="slow_consumer"} 1\n');
    expect(text).toContain('ws_disconnects_total{reason="client"} 0\n');
    expect(text).toContain('ws_frames_received_total{protocol="chats"} 2\n');
    expect(text).toContain('chat_messages_stored_total 1\n');
    expect(text).toContain('auth_rate_limited_total{route="authorize"} 1\n');
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/rooms/:id",status="404"} 1\n',
    );
    // A second scrape reports the same totals (the fast counters are copied, not drained).
    expect(await metrics.scrape()).toContain('chat_messages_stored_total 1\n');
  });

  it('adds the fan-out families when FANOUT is not local', async () => {
    const metrics = metricsWith(true, 'redis');
    metrics.fanout.published.inc();
    metrics.fanout.received.inc(2);
    metrics.fanout.deliveryLag.observe(0.002);
    const text = await metrics.scrape();
    expect(text).toContain('fanout_events_published_total 1\n');
    expect(text).toContain('fanout_events_received_total 2\n');
    expect(text).toContain('fanout_delivery_lag_seconds_count 1\n');
  });

  it('records nothing and exposes nothing when disabled', async () => {
    const metrics = metricsWith(false, 'redis');
    metrics.connectionOpened('ws');
    metrics.framesSent('ws').inc();
    metrics.messagesStored.inc();
    metrics.commitDuration.observe(1);
    metrics.fanout.published.inc();
    metrics.httpRequest('GET', '/health', 200, 0.001);
    expect(metrics.enabled).toBe(false);
    expect(await metrics.scrape()).toBe('\n');
  });

  it('keeps one registry per instance: two apps in one process do not share counts', async () => {
    const one = metricsWith(true);
    const two = metricsWith(true);
    one.messagesStored.inc(5);
    expect(await one.scrape()).toContain('chat_messages_stored_total 5\n');
    expect(await two.scrape()).toContain('chat_messages_stored_total 0\n');
  });
});

describe('BucketHistogram', () => {
  it('writes cumulative buckets, +Inf, sum and count as Prometheus expects', async () => {
    const registry = new Registry();
    const histogram = new BucketHistogram(registry, 'commit_seconds', 'commits', [0.001, 0.01, 0.1]);
    for (const value of [0.0005, 0.001, 0.002, 0.05, 3]) histogram.observe(value);
    histogram.observe(-1); // a clock that went back is not a duration
    histogram.observe(Number.NaN);
    expect(samples(await registry.metrics(), 'commit_seconds')).toEqual([
      'commit_seconds_bucket{le="0.001"} 2',
      'commit_seconds_bucket{le="0.01"} 3',
      'commit_seconds_bucket{le="0.1"} 4',
      'commit_seconds_bucket{le="+Inf"} 5',
      'commit_seconds_sum 3.0535',
      'commit_seconds_count 5',
    ]);
  });

  it('refuses buckets that do not increase', () => {
    expect(() => new BucketHistogram(new Registry(), 'h', 'h', [0.1, 0.1])).toThrow(/increase/);
  });
});
