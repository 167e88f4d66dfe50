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

/** GET /rooms/:id/messages?changed_since=: one page of a room's changes and where to go on. */
export class MessageChangesResponse {
  @ApiProperty({
    type: [MessageResponse],
    description: 'current state of each changed message (tombstones for deleted ones), in change order',
  })
  messages: MessageResponse[];

  @ApiProperty({ description: 'opaque: the changed_since of the next call (and a valid resume `since`)' })
  cursor: string;

  @ApiProperty({ description: 'true when the page is full: call again with `cursor` at once' })
  has_more: boolean;
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
