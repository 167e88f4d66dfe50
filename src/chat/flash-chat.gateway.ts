// `/chats/:username`: the flash DM protocol (API.md §2). A raw text frame is a message body for the
// direct room of the caller and `:username`, made (if need be) when the socket opens. The peer's
// sockets get `{from, body, sent_at}` through LiveDelivery; the sender's other /chats sockets get no echo.
import { Inject, UseFilters, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { WebSocketServer } from 'ws';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { RealtimeConnection } from '../realtime/connection.js';
import { RAW_TEXT_EVENT, type RealtimeGatewayOptions } from '../realtime/realtime-ws.adapter.js';
import { setUpgradeCheck } from '../realtime/upgrade.js';
import { WsErrorFilter } from '../realtime/ws-error.filter.js';
import { FloodLimited, WsPolicyGuard } from '../realtime/ws-policy.guard.js';
import { ConnectionPresence } from './connection-presence.js';
import { DirectRoomService } from './direct-room.service.js';
import { MessageService } from './message.service.js';

/** What the upgrade of `/chats/:username` resolved: the pair's direct room. */
interface FlashRoute {
  roomId: string;
}

@WebSocketGateway<RealtimeGatewayOptions>({ path: '/chats/:username', framing: 'raw-text' })
@UseFilters(WsErrorFilter)
@UseGuards(WsPolicyGuard)
export class FlashChatGateway
  implements OnGatewayInit<WebSocketServer>, OnGatewayConnection, OnGatewayDisconnect
{
  constructor(
    @Inject(DirectRoomService) private readonly directRooms: DirectRoomService,
    @Inject(MessageService) private readonly messages: MessageService,
    @Inject(ConnectionPresence) private readonly presence: ConnectionPresence,
  ) {}

  /** Unknown user → 404, oneself → 400 (CANNOT_DM_SELF), before the handshake. */
  afterInit(server: WebSocketServer): void {
    setUpgradeCheck(server, async ({ user, params }): Promise<FlashRoute> => {
      const { room } = await this.directRooms.getOrCreate(user, params.username ?? '');
      return { roomId: room.id };
    });
  }

  handleConnection(connection: RealtimeConnection): void {
    this.presence.opened(connection);
  }

  handleDisconnect(connection: RealtimeConnection): void {
    this.presence.closed(connection);
  }

  /** Stored before it is delivered; blank frames are ignored; too long → `{"error": MESSAGE_TOO_LONG}`. */
  @SubscribeMessage(RAW_TEXT_EVENT)
  @RequireScopes('chat:write')
  @FloodLimited()
  async text(@ConnectedSocket() connection: RealtimeConnection, @MessageBody() body: string): Promise<void> {
    if (body.trim() === '') return;
    const { roomId } = connection.routeState as FlashRoute;
    await this.messages.send(connection.user, { roomId, body });
  }
}
