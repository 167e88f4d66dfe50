// The metrics module's public surface: the per-app registry with its typed helpers (API.md §7).
export { MetricsModule } from './metrics.module.js';
export { HttpMetrics } from './http-metrics.js';
export {
  Metrics,
  DISCONNECT_REASONS,
  NO_FANOUT_METERS,
  WS_PROTOCOLS,
  type DisconnectReason,
  type FanoutMeters,
  type WsProtocol,
} from './metrics.js';
export { NO_COUNT, NO_OBSERVE, type Count, type Observe } from './meters.js';
