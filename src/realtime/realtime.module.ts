import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ConnectionMetrics } from './connection-metrics.js';
import { ConnectionRegistry } from './connection-registry.js';
import { TokenBuckets } from '../flood/index.js';
import { ProtocolGateway } from './protocol.gateway.js';
import { SessionLifetime } from './session-lifetime.js';
import { UpgradeAdmissions } from './upgrade-admissions.js';
import { UpgradeAuthenticator } from './upgrade-authenticator.js';
import { WsErrorFilter } from './ws-error.filter.js';
import {
  CONTROL_FLOOD,
  CONTROL_FLOOD_BURST,
  CONTROL_FLOOD_RATE_PER_SECOND,
  WsPolicyGuard,
} from './ws-policy.guard.js';

/**
 * WebSocket transport below the chat module: upgrade authentication, the connection registry with its
 * send bounds, flood control, session expiry/revocation, and the gateway filter/guard/pipe.
 * `RealtimeWsAdapter` (installed by configureApp) reads these providers from the app.
 */
@Module({
  imports: [AuthModule],
  providers: [
    ConnectionRegistry,
    ConnectionMetrics,
    UpgradeAuthenticator,
    UpgradeAdmissions,
    SessionLifetime,
    {
      provide: CONTROL_FLOOD,
      useFactory: () =>
        new TokenBuckets({ perSecond: CONTROL_FLOOD_RATE_PER_SECOND, burst: CONTROL_FLOOD_BURST }),
    },
    WsErrorFilter,
    WsPolicyGuard,
    ProtocolGateway,
  ],
  exports: [
    CONTROL_FLOOD,
    ConnectionRegistry,
    UpgradeAuthenticator,
    UpgradeAdmissions,
    SessionLifetime,
    WsErrorFilter,
    WsPolicyGuard,
  ],
})
export class RealtimeModule {}
