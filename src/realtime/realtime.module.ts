import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ConnectionRegistry } from './connection-registry.js';
import { FloodControl } from './flood-control.js';
import { SessionLifetime } from './session-lifetime.js';
import { UpgradeAuthenticator } from './upgrade-authenticator.js';
import { WsErrorFilter } from './ws-error.filter.js';
import { WsPolicyGuard } from './ws-policy.guard.js';

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
    SessionLifetime,
    { provide: FloodControl, useFactory: () => new FloodControl() },
    WsErrorFilter,
    WsPolicyGuard,
  ],
  exports: [
    ConnectionRegistry,
    UpgradeAuthenticator,
    SessionLifetime,
    FloodControl,
    WsErrorFilter,
    WsPolicyGuard,
  ],
})
export class RealtimeModule {}
