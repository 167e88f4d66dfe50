// `/ws`: the JSON WebSocket protocol (API.md §6). Transport only: validate, call a service, answer.
import { Inject, UseFilters, UseGuards } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { RealtimeConnection } from '../realtime/connection.js';
import type { RealtimeGatewayOptions } from '../realtime/realtime-ws.adapter.js';
import { SessionLifetime } from '../realtime/session-lifetime.js';
import { WsErrorFilter } from '../realtime/ws-error.filter.js';
import { WsPolicyGuard } from '../realtime/ws-policy.guard.js';
import { WsAuthDto } from './dto/ws-auth.dto.js';

interface Reply<T> {
  event: string;
  data: T;
}

@WebSocketGateway<RealtimeGatewayOptions>({ path: '/ws' })
@UseFilters(WsErrorFilter)
@UseGuards(WsPolicyGuard)
export class ChatEventsGateway {
  constructor(@Inject(SessionLifetime) private readonly lifetime: SessionLifetime) {}

  @SubscribeMessage('ping')
  @RequireScopes('chat:read')
  ping(): Reply<Record<string, never>> {
    return { event: 'pong', data: {} };
  }

  @SubscribeMessage('auth')
  async auth(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() body: WsAuthDto,
  ): Promise<Reply<{ exp: number }>> {
    const exp = await this.lifetime.renew(connection, body.token);
    return { event: 'auth.ok', data: { exp } };
  }
}
