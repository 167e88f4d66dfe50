// `/chats/:username`: the flash DM protocol (API.md §2). A raw text frame is a message body for the
// direct room of the caller and `:username`, made (if need be) when the socket opens. The peer's
// sockets and the sender's other ones get `{from, body, sent_at}` through LiveDelivery (the sending one
// nothing); on opening, FlashDelivery first sends what the peer sent while the user was away.
import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { WebSocketServer } from 'ws';
import { RealtimeConnection } from '../realtime/connection.js';
import { RealtimeEvent, RealtimeGateway } from '../realtime/realtime-gateway.decorator.js';
import { RAW_TEXT_EVENT } from '../realtime/realtime-ws.adapter.js';
import { setUpgradeCheck } from '../realtime/upgrade.js';
import { DirectRoomService } from './direct-room.service.js';
import { FlashDelivery } from './flash-delivery.js';
import { MessageService } from './message.service.js';

/** What the upgrade of `/chats/:username` resolved: the pair's direct room. */
interface FlashRoute {
  roomId: string;
}

@RealtimeGateway('/chats/:username', { framing: 'raw-text' })
export class FlashChatGateway implements OnGatewayInit<WebSocketServer>, OnGatewayConnection {
  constructor(
    @Inject(DirectRoomService) private readonly directRooms: DirectRoomService,
    @Inject(MessageService) private readonly messages: MessageService,
    @Inject(FlashDelivery) private readonly delivery: FlashDelivery,
  ) {}

  /** Unknown user → 404, oneself → 400 (CANNOT_DM_SELF), before the handshake. */
  afterInit(server: WebSocketServer): void {
    setUpgradeCheck(server, async ({ user, params }): Promise<FlashRoute> => {
      const { room } = await this.directRooms.getOrCreate(user, params.username ?? '');
      return { roomId: room.id };
    });
  }

  /** The backlog, then live frames (the connection is already registered for live delivery). */
  handleConnection(connection: RealtimeConnection): void {
    void this.delivery.open(connection, (connection.routeState as FlashRoute).roomId);
  }

  /** Stored before it is delivered; blank frames are ignored; too long → `{"error": MESSAGE_TOO_LONG}`. */
  @RealtimeEvent(RAW_TEXT_EVENT, { scope: 'chat:write', flood: 'messages' })
  async text(@ConnectedSocket() connection: RealtimeConnection, @MessageBody() body: string): Promise<void> {
    if (body.trim() === '') return;
    const { roomId } = connection.routeState as FlashRoute;
    await this.messages.send(connection.user, { roomId, body, origin: connection.id });
  }
}
