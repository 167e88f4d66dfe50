import { ApiProperty } from '@nestjs/swagger';
import type { RoomRole } from '../entities/room-member.entity.js';
import type { RoomKind, RoomVisibility } from '../entities/room.entity.js';
import { MessageResponse, toMessageResponse, type MessageView } from './message.response.js';

/** A room with its counts and, when the viewer is a member, the viewer's own state. */
export interface RoomView {
  id: string;
  kind: RoomKind;
  visibility: RoomVisibility;
  name: string | null;
  topic: string | null;
  createdAt: Date;
  lastSeq: number;
  memberCount: number;
  /** Null when the viewer is not a member (public discovery, events to every member). */
  role: RoomRole | null;
  lastReadSeq: number | null;
  unreadCount: number | null;
  lastMessage: MessageView | null;
}

export class RoomResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['group', 'direct'] }) kind: RoomKind;
  @ApiProperty({ type: String, nullable: true, description: 'null for direct rooms' }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) topic: string | null;
  @ApiProperty({ enum: ['public', 'private'] }) visibility: RoomVisibility;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty() member_count: number;
  @ApiProperty({
    enum: ['owner', 'admin', 'member'],
    nullable: true,
    description: 'the caller’s role; null when the caller is not a member (and in room.updated events)',
  })
  role: RoomRole | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null for non-members' }) last_read_seq:
    number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'messages after last_read_seq sent by others and not deleted; null for non-members',
  })
  unread_count: number | null;
  @ApiProperty({ type: MessageResponse, nullable: true, description: 'the newest message (members only)' })
  last_message: MessageResponse | null;
}

export function toRoomResponse(view: RoomView): RoomResponse {
  const member = view.role !== null;
  return {
    id: view.id,
    kind: view.kind,
    name: view.name,
    topic: view.topic,
    visibility: view.visibility,
    created_at: view.createdAt.toISOString(),
    member_count: view.memberCount,
    role: view.role,
    last_read_seq: member ? view.lastReadSeq : null,
    unread_count: member ? view.unreadCount : null,
    last_message: member && view.lastMessage ? toMessageResponse(view.lastMessage) : null,
  };
}

/** The viewer-neutral form used in `room.updated` events, which every member receives alike. */
export function toSharedRoomView(view: RoomView): RoomView {
  return { ...view, role: null, lastReadSeq: null, unreadCount: null, lastMessage: null };
}
