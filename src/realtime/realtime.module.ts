import { Module } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { AuthModule } from '../auth/auth.module.js';
import { ConnectionRegistry } from './connection-registry.js';
import { FloodControl } from './flood-control.js';
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
    UpgradeAuthenticator,
    UpgradeAdmissions,
    SessionLifetime,
    {
      provide: FloodControl,
      inject: [Configuration],
      useFactory: (config: Configuration) => {
        const { floodRatePerSecond, floodBurst } = config.of('realtime');
        return new FloodControl(floodRatePerSecond, floodBurst);
      },
    },
    {
      provide: CONTROL_FLOOD,
      useFactory: () => new FloodControl(CONTROL_FLOOD_RATE_PER_SECOND, CONTROL_FLOOD_BURST),
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
    FloodControl,
    WsErrorFilter,
    WsPolicyGuard,
  ],
})
export class RealtimeModule {}
