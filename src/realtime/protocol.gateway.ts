// `/ws`: the events of the protocol itself, not of any feature (API.md §6): `auth` renews the token
// in-band, `ping` answers `pong`. Feature modules add their own gateways on the same path.
import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody } from '@nestjs/websockets';
import { ConnectionRegistry } from './connection-registry.js';
import { RealtimeConnection } from './connection.js';
import { AuthFrame } from './dto/protocol-frames.dto.js';
import { eventFrame } from './frames.js';
import { RealtimeEvent, RealtimeGateway } from './realtime-gateway.decorator.js';
import { SessionLifetime } from './session-lifetime.js';

@RealtimeGateway('/ws')
export class ProtocolGateway {
  constructor(
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(SessionLifetime) private readonly lifetime: SessionLifetime,
  ) {}

  @RealtimeEvent('auth', { flood: 'control' })
  async auth(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: AuthFrame,
  ): Promise<void> {
    const exp = await this.lifetime.renew(connection, frame.token);
    this.registry.send(connection, eventFrame('auth.ok', { exp }));
  }

  @RealtimeEvent('ping', { scope: 'chat:read' })
  ping(@ConnectedSocket() connection: RealtimeConnection): void {
    this.registry.send(connection, eventFrame('pong', {}));
  }
}
