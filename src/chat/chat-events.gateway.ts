// `/ws`: the JSON WebSocket protocol (API.md §6). Transport only: the frame's data is validated (global
// DtoValidationPipe), scopes and flood control are checked (WsPolicyGuard), a service does the work,
// failures become `error` frames (WsErrorFilter). Live events reach the socket through LiveDelivery.
import { Inject, UseFilters, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
} from '@nestjs/websockets';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ConnectionRegistry } from '../realtime/connection-registry.js';
import { RealtimeConnection } from '../realtime/connection.js';
import { eventFrame } from '../realtime/frames.js';
import type { RealtimeGatewayOptions } from '../realtime/realtime-ws.adapter.js';
import { SessionLifetime } from '../realtime/session-lifetime.js';
import { WsErrorFilter } from '../realtime/ws-error.filter.js';
import { FloodLimited, WsPolicyGuard } from '../realtime/ws-policy.guard.js';
import { ConnectionPresence } from './connection-presence.js';
import {
  AuthFrame,
  DeleteMessageFrame,
  EditMessageFrame,
  ReadFrame,
  ResumeFrame,
  SendMessageFrame,
  TypingFrame,
} from './dto/ws-frames.dto.js';
import { MessageService } from './message.service.js';
import { ReadMarkerService } from './read-marker.service.js';
import { TypingService } from './typing.service.js';

@WebSocketGateway<RealtimeGatewayOptions>({ path: '/ws' })
@UseFilters(WsErrorFilter)
@UseGuards(WsPolicyGuard)
export class ChatEventsGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(SessionLifetime) private readonly lifetime: SessionLifetime,
    @Inject(ConnectionPresence) private readonly presence: ConnectionPresence,
    @Inject(MessageService) private readonly messages: MessageService,
    @Inject(TypingService) private readonly typingNotices: TypingService,
    @Inject(ReadMarkerService) private readonly readMarkers: ReadMarkerService,
  ) {}

  handleConnection(connection: RealtimeConnection): void {
    this.presence.opened(connection);
  }

  handleDisconnect(connection: RealtimeConnection): void {
    this.presence.closed(connection);
  }

  /** The ack goes out when `send` resolves (after COMMIT), before the `message` broadcast of the same message. */
  @SubscribeMessage('message.send')
  @RequireScopes('chat:write')
  @FloodLimited()
  async send(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: SendMessageFrame,
  ): Promise<void> {
    const { message } = await this.messages.send(connection.user, {
      roomId: frame.room_id,
      body: frame.body,
      clientId: frame.client_id,
    });
    this.registry.send(
      connection,
      eventFrame('message.ack', {
        client_id: frame.client_id,
        id: message.id,
        seq: message.seq,
        sent_at: message.sent_at,
      }),
    );
  }

  @SubscribeMessage('message.edit')
  @RequireScopes('chat:write')
  @FloodLimited()
  async edit(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: EditMessageFrame,
  ): Promise<void> {
    await this.messages.edit(connection.user, frame.message_id, frame.body);
  }

  @SubscribeMessage('message.delete')
  @RequireScopes('chat:write')
  @FloodLimited()
  async remove(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: DeleteMessageFrame,
  ): Promise<void> {
    await this.messages.remove(connection.user, frame.message_id);
  }

  @SubscribeMessage('typing')
  @RequireScopes('chat:write')
  @FloodLimited()
  async typing(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: TypingFrame,
  ): Promise<void> {
    await this.typingNotices.typing(connection.user, frame.room_id);
  }

  @SubscribeMessage('read')
  @RequireScopes('chat:write')
  @FloodLimited()
  async read(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: ReadFrame,
  ): Promise<void> {
    await this.readMarkers.markRead(connection.user, frame.room_id, frame.seq);
  }

  /** Missed messages from the database in seq order per room, then `resume.done`. */
  @SubscribeMessage('resume')
  @RequireScopes('chat:read')
  @FloodLimited('control')
  async resume(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: ResumeFrame,
  ): Promise<void> {
    const { messages, truncatedRooms } = await this.messages.missedSince(connection.userId, frame.rooms);
    for (const message of messages) this.registry.send(connection, eventFrame('message', message));
    this.registry.send(connection, eventFrame('resume.done', { truncated_rooms: truncatedRooms }));
  }

  @SubscribeMessage('auth')
  @FloodLimited('control')
  async auth(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: AuthFrame,
  ): Promise<void> {
    const exp = await this.lifetime.renew(connection, frame.token);
    this.registry.send(connection, eventFrame('auth.ok', { exp }));
  }

  @SubscribeMessage('ping')
  @RequireScopes('chat:read')
  ping(@ConnectedSocket() connection: RealtimeConnection): void {
    this.registry.send(connection, eventFrame('pong', {}));
  }
}
