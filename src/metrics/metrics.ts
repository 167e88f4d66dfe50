// The metric families of API.md §7, in one registry per app instance (tests boot several apps in one
// process, so prom-client's global registry is never used). Modules record through the typed helpers
// here; label values are closed sets or route templates, never ids or raw paths.
import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Configuration } from '../config/configuration.js';
import {
  BucketHistogram,
  countFamily,
  CountFamily,
  NO_COUNT,
  NO_OBSERVE,
  type Count,
  type Observe,
} from './meters.js';

/** `ws_connections{protocol}`: `/ws` (JSON events) and `/chats/:username` (the flash DM protocol). */
export const WS_PROTOCOLS = ['ws', 'chats'] as const;
export type WsProtocol = (typeof WS_PROTOCOLS)[number];

/**
 * Why a WebSocket ended (`ws_disconnects_total{reason}`): the client closed it (or broke the protocol,
 * e.g. a frame over 64 KiB), it was closed for not reading (4008), its token expired or its session
 * was revoked (4001), the server shut down (1001), or it missed a whole ping interval.
 */
export const DISCONNECT_REASONS = [
  'client',
  'slow_consumer',
  'expired',
  'revoked',
  'shutdown',
  'timeout',
  'error',
] as const;
export type DisconnectReason = (typeof DISCONNECT_REASONS)[number];

/** What an engine fan-out (FANOUT=redis/postgres) records. */
export interface FanoutMeters {
  published: Count;
  received: Count;
  /** Seconds from the publishing instance's publish (right after its commit) to receipt here. */
  deliveryLag: Observe;
}

export const NO_FANOUT_METERS: FanoutMeters = {
  published: NO_COUNT,
  received: NO_COUNT,
  deliveryLag: NO_OBSERVE,
};

/** Durations from a fraction of a millisecond (a commit, a Redis hop) to seconds. */
const FAST_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const HTTP_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type HttpLabel = 'method' | 'route' | 'status';

/** The families that exist only while metrics are enabled. */
interface Families {
  http: Histogram<HttpLabel>;
  connections: Gauge<'protocol'>;
  disconnects: Counter<'reason'>;
  framesReceived: CountFamily<WsProtocol>;
  framesSent: CountFamily<WsProtocol>;
  authRateLimited: Counter<'route'>;
}

/**
 * The process and Node.js defaults (event-loop lag, GC, memory) describe the process, not an app, and
 * prom-client cannot stop their monitors: collected once per process in a registry of their own, and
 * merged into each app's exposition. (A test process boots a hundred apps; a set of monitors each — an
 * event-loop timer every 10 ms, a GC observer — slowed the late suites until hooks timed out.)
 */
let processDefaults: Registry | undefined;
function processRegistry(): Registry {
  if (!processDefaults) {
    processDefaults = new Registry();
    collectDefaultMetrics({ register: processDefaults });
  }
  return processDefaults;
}

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly enabled: boolean;
  readonly messagesStored: Count = NO_COUNT;
  /** From a send reaching the message service to the COMMIT that stored it. */
  readonly commitDuration: Observe = NO_OBSERVE;
  readonly fanout: FanoutMeters = NO_FANOUT_METERS;
  private readonly families: Families | undefined;

  constructor(@Inject(Configuration) config: Configuration) {
    this.enabled = config.of('metrics').enabled;
    if (!this.enabled) return;
    const registry = this.registry;
    processRegistry();
    this.families = {
      http: new Histogram({
        name: 'http_request_duration_seconds',
        help: 'REST requests by method, route template (`unmatched` for unknown routes) and status',
        labelNames: ['method', 'route', 'status'],
        buckets: HTTP_SECONDS,
        registers: [registry],
      }),
      connections: new Gauge({
        name: 'ws_connections',
        help: 'Open WebSockets on this instance by protocol (ws = /ws, chats = /chats/:username)',
        labelNames: ['protocol'],
        registers: [registry],
      }),
      disconnects: new Counter({
        name: 'ws_disconnects_total',
        help: 'WebSockets ended, by reason',
        labelNames: ['reason'],
        registers: [registry],
      }),
      framesReceived: new CountFamily(
        registry,
        'ws_frames_received_total',
        'WebSocket frames received from clients, by protocol',
        'protocol',
        WS_PROTOCOLS,
      ),
      framesSent: new CountFamily(
        registry,
        'ws_frames_sent_total',
        'WebSocket frames written to clients, by protocol',
        'protocol',
        WS_PROTOCOLS,
      ),
      authRateLimited: new Counter({
        name: 'auth_rate_limited_total',
        help: 'Sign-in attempts refused with 429 by the per-identifier/per-IP limits, by route',
        labelNames: ['route'],
        registers: [registry],
      }),
    };
    for (const protocol of WS_PROTOCOLS) this.families.connections.set({ protocol }, 0);
    for (const reason of DISCONNECT_REASONS) this.families.disconnects.inc({ reason }, 0);
    this.messagesStored = countFamily(
      registry,
      'chat_messages_stored_total',
      'Messages stored (committed) by this instance; idempotent replays not counted',
    );
    this.commitDuration = new BucketHistogram(
      registry,
      'chat_commit_duration_seconds',
      'From a message send to the durable COMMIT that stored it (group commit included)',
      FAST_SECONDS,
    );
    if (config.of('fanout').mode !== 'local') this.fanout = fanoutMeters(registry);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition in Prometheus text format. */
  scrape(): Promise<string> {
    if (!this.enabled) return this.registry.metrics();
    return Registry.merge([processRegistry(), this.registry]).metrics();
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.families?.http.observe({ method, route, status: String(status) }, seconds);
  }

  connectionOpened(protocol: WsProtocol): void {
    this.families?.connections.inc({ protocol });
  }

  connectionClosed(protocol: WsProtocol, reason: DisconnectReason): void {
    this.families?.connections.dec({ protocol });
    this.families?.disconnects.inc({ reason });
  }

  /** Bind once, bump per frame. */
  framesReceived(protocol: WsProtocol): Count {
    return this.families?.framesReceived.cell(protocol) ?? NO_COUNT;
  }

  framesSent(protocol: WsProtocol): Count {
    return this.families?.framesSent.cell(protocol) ?? NO_COUNT;
  }

  /** `route`: the rate-limited route's name (a closed set of the auth module). */
  authRateLimited(route: string): void {
    this.families?.authRateLimited.inc({ route });
  }
}

function fanoutMeters(registry: Registry): FanoutMeters {
  return {
    published: countFamily(
      registry,
      'fanout_events_published_total',
      'Events this instance handed to the fan-out engine for the other instances',
    ),
    received: countFamily(
      registry,
      'fanout_events_received_total',
      'Events received from other instances through the fan-out engine',
    ),
    deliveryLag: new BucketHistogram(
      registry,
      'fanout_delivery_lag_seconds',
      'From the publish on another instance (right after its commit) to receipt here; needs synchronised clocks',
      FAST_SECONDS,
    ),
  };
}
