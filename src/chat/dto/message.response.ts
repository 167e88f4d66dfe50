import { ApiProperty } from '@nestjs/swagger';

/** A stored message with its sender's names, as the queries read it. */
export interface MessageView {
  id: string;
  roomId: string;
  seq: number;
  senderId: string;
  senderUsername: string;
  senderName: string;
  body: string | null;
  clientId: string | null;
  sentAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export class MessageSenderResponse {
  @ApiProperty() username: string;
  @ApiProperty() name: string;
}

/** API.md §5 message; the same shape on REST and in WS `message` / `message.updated` frames. */
export class MessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) room_id: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'per room, from 1, gapless' }) seq: number;
  @ApiProperty({ type: String, nullable: true }) client_id: string | null;
  @ApiProperty({ type: MessageSenderResponse }) from: MessageSenderResponse;
  @ApiProperty({ type: String, nullable: true, description: 'null once deleted' }) body: string | null;
  @ApiProperty({ format: 'date-time' }) sent_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) edited_at: string | null;
  @ApiProperty() deleted: boolean;
}

/** The answer of POST /rooms/:id/read. */
export class ReadMarkerResponse {
  @ApiProperty({ format: 'uuid' }) room_id: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) last_read_seq: number;
}

export function toMessageResponse(view: MessageView): MessageResponse {
  const deleted = view.deletedAt !== null;
  return {
    id: view.id,
    room_id: view.roomId,
    seq: view.seq,
    client_id: view.clientId,
    from: { username: view.senderUsername, name: view.senderName },
    body: deleted ? null : view.body,
    sent_at: view.sentAt.toISOString(),
    edited_at: view.editedAt?.toISOString() ?? null,
    deleted,
  };
}
