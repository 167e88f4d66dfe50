// `/chats/:username`: the flash DM protocol (API.md §2). A raw text frame is a message body for the
// direct room of the caller and `:username`, made (if need be) when the socket opens. The peer's
// sockets get `{from, body, sent_at}` through LiveDelivery; the sender's other /chats sockets get no echo.
import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayInit } from '@nestjs/websockets';
import type { WebSocketServer } from 'ws';
import { RealtimeConnection } from '../realtime/connection.js';
import { RealtimeEvent, RealtimeGateway } from '../realtime/realtime-gateway.decorator.js';
import { RAW_TEXT_EVENT } from '../realtime/realtime-ws.adapter.js';
import { setUpgradeCheck } from '../realtime/upgrade.js';
import { DirectRoomService } from './direct-room.service.js';
import { MessageService } from './message.service.js';

/** What the upgrade of `/chats/:username` resolved: the pair's direct room. */
interface FlashRoute {
  roomId: string;
}

@RealtimeGateway('/chats/:username', { framing: 'raw-text' })
export class FlashChatGateway implements OnGatewayInit<WebSocketServer> {
  constructor(
    @Inject(DirectRoomService) private readonly directRooms: DirectRoomService,
    @Inject(MessageService) private readonly messages: MessageService,
  ) {}

  /** Unknown user → 404, oneself → 400 (CANNOT_DM_SELF), before the handshake. */
  afterInit(server: WebSocketServer): void {
    setUpgradeCheck(server, async ({ user, params }): Promise<FlashRoute> => {
      const { room } = await this.directRooms.getOrCreate(user, params.username ?? '');
      return { roomId: room.id };
    });
  }

  /** Stored before it is delivered; blank frames are ignored; too long → `{"error": MESSAGE_TOO_LONG}`. */
  @RealtimeEvent(RAW_TEXT_EVENT, { scope: 'chat:write', flood: 'messages' })
  async text(@ConnectedSocket() connection: RealtimeConnection, @MessageBody() body: string): Promise<void> {
    if (body.trim() === '') return;
    const { roomId } = connection.routeState as FlashRoute;
    await this.messages.send(connection.user, { roomId, body });
  }
}
