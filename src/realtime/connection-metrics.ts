// `ws_connections{protocol}` and `ws_disconnects_total{reason}`, from the registry's own events.
import { Inject, Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/domain-events.js';
import { Metrics } from '../metrics/index.js';
import type { RealtimeConnection } from './connection.js';

@Injectable()
export class ConnectionMetrics {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @OnDomainEvent('realtime.connection.opened')
  opened(connection: RealtimeConnection): void {
    this.metrics.connectionOpened(connection.protocol);
  }

  @OnDomainEvent('realtime.connection.closed')
  closed(connection: RealtimeConnection): void {
    this.metrics.connectionClosed(connection.protocol, connection.disconnectReason);
  }
}
