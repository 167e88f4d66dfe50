// `/ws`: the chat events of the JSON WebSocket protocol (API.md §6). Transport only: the frame's data is
// validated (global DtoValidationPipe), scopes and flood control are checked and failures become
// `error` frames (both applied by @RealtimeGateway), a service does the work. Live events reach the
// socket through LiveDelivery; `auth` and `ping` are the protocol's own (realtime's ProtocolGateway).
import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody } from '@nestjs/websockets';
import { ConnectionRegistry } from '../realtime/connection-registry.js';
import { RealtimeConnection } from '../realtime/connection.js';
import { eventFrame } from '../realtime/frames.js';
import { RealtimeEvent, RealtimeGateway } from '../realtime/realtime-gateway.decorator.js';
import {
  DeleteMessageFrame,
  EditMessageFrame,
  ReadFrame,
  ResumeFrame,
  SendMessageFrame,
  TypingFrame,
} from './dto/ws-frames.dto.js';
import { MessageService } from './message.service.js';
import { ReadMarkerService } from './read-marker.service.js';
import { SyncService } from './sync.service.js';
import { TypingService } from './typing.service.js';

@RealtimeGateway('/ws')
export class ChatEventsGateway {
  constructor(
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(MessageService) private readonly messages: MessageService,
    @Inject(TypingService) private readonly typingNotices: TypingService,
    @Inject(ReadMarkerService) private readonly readMarkers: ReadMarkerService,
    @Inject(SyncService) private readonly sync: SyncService,
  ) {}

  /** The ack goes out when `send` resolves (after COMMIT), before the `message` broadcast of the same message. */
  @RealtimeEvent('message.send', { scope: 'chat:write', flood: 'messages' })
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

  @RealtimeEvent('message.edit', { scope: 'chat:write', flood: 'messages' })
  async edit(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: EditMessageFrame,
  ): Promise<void> {
    await this.messages.edit(connection.user, frame.message_id, frame.body);
  }

  @RealtimeEvent('message.delete', { scope: 'chat:write', flood: 'messages' })
  async remove(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: DeleteMessageFrame,
  ): Promise<void> {
    await this.messages.remove(connection.user, frame.message_id);
  }

  @RealtimeEvent('typing', { scope: 'chat:write', flood: 'messages' })
  async typing(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: TypingFrame,
  ): Promise<void> {
    await this.typingNotices.typing(connection.user, frame.room_id);
  }

  @RealtimeEvent('read', { scope: 'chat:write', flood: 'messages' })
  async read(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: ReadFrame,
  ): Promise<void> {
    await this.readMarkers.markRead(connection.user, frame.room_id, frame.seq);
  }

  /** Per room: edits since the cursor (`message.updated`), missed messages in seq order; then `resume.done`. */
  @RealtimeEvent('resume', { scope: 'chat:read', flood: 'control' })
  async resume(
    @ConnectedSocket() connection: RealtimeConnection,
    @MessageBody() frame: ResumeFrame,
  ): Promise<void> {
    const replay = await this.sync.resume(connection.userId, frame.rooms, frame.since);
    for (const { event, message } of replay.frames) {
      this.registry.send(
        connection,
        event === 'message' ? eventFrame('message', message) : eventFrame('message.updated', { message }),
      );
    }
    this.registry.send(
      connection,
      eventFrame('resume.done', {
        truncated_rooms: replay.truncatedRooms,
        cursor: replay.cursor,
        new_rooms: replay.newRooms,
        gone_rooms: replay.goneRooms,
      }),
    );
  }
}
