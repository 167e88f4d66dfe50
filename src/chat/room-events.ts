// Announces chat changes, called only after COMMIT: live to the room's members on every instance
// (API.md §6 frames, through RoomBroadcast), and once in process as typed domain events for the
// modules that react to chat (`chat-events.ts`).
import { Inject, Injectable } from '@nestjs/common';
import { DomainEvents } from '../common/events/domain-events.js';
import { ClusterEvents } from '../fanout/cluster-events.js';
import { MEMBERSHIP_CHANGED, type MemberChange } from './chat-events.js';
import type { MessageResponse } from './dto/message.response.js';
import type { RoomResponse } from './dto/room.response.js';
import type { RoomRole } from './entities/room-member.entity.js';
import { RoomBroadcast } from './room-broadcast.js';

@Injectable()
export class RoomEvents {
  constructor(
    @Inject(RoomBroadcast) private readonly broadcast: RoomBroadcast,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
    @Inject(DomainEvents) private readonly domain: DomainEvents,
  ) {}

  /** `origin`: the connection that sent it, which the flash protocol sends no echo. */
  message(message: MessageResponse, origin?: string): void {
    this.broadcast.toRoom(message.room_id, 'message', message, { seq: message.seq, origin });
    this.domain.emit('chat.message.created', { message });
  }

  messageEdited(message: MessageResponse): void {
    this.broadcast.toRoom(message.room_id, 'message.updated', { message });
    this.domain.emit('chat.message.edited', { message });
  }

  /** The tombstone reaches members as `message.updated` (API.md §5). */
  messageDeleted(message: MessageResponse): void {
    this.broadcast.toRoom(message.room_id, 'message.updated', { message });
    this.domain.emit('chat.message.deleted', { message });
  }

  roomUpdated(room: RoomResponse): void {
    this.broadcast.toRoom(room.id, 'room.updated', { room });
    this.domain.emit('chat.room.updated', { room });
  }

  memberJoined(change: MemberChange, role: RoomRole): void {
    this.memberWithRole(change, role, 'room.member_joined');
    this.domain.emit('chat.member.joined', { ...change, role });
  }

  memberUpdated(change: MemberChange, role: RoomRole): void {
    this.memberWithRole(change, role, 'room.member_updated');
    this.domain.emit('chat.member.role_changed', { ...change, role });
  }

  /** To the remaining members, and to the user who left, who is no longer resolved from the room topic. */
  memberLeft(change: MemberChange): void {
    this.membershipChanged(change.roomId);
    const data = { room_id: change.roomId, username: change.username };
    this.broadcast.toRoom(change.roomId, 'room.member_left', data);
    this.broadcast.toUser(change.userId, 'room.member_left', data);
    this.domain.emit('chat.member.left', change);
  }

  /** To each former member's user topic: once the room is gone, its topic resolves to nobody. */
  roomDeleted(roomId: string, formerMemberIds: string[]): void {
    this.membershipChanged(roomId);
    for (const userId of formerMemberIds) this.broadcast.toUser(userId, 'room.deleted', { room_id: roomId });
    this.domain.emit('chat.room.deleted', { roomId, formerMemberIds });
  }

  read(roomId: string, username: string, seq: number): void {
    this.broadcast.toRoom(roomId, 'read', { room_id: roomId, username, seq });
  }

  /** A read marker that only the reader's own devices hear of (the peer blocks them). */
  readToSelf(userId: string, roomId: string, username: string, seq: number): void {
    this.broadcast.toUser(userId, 'read', { room_id: roomId, username, seq });
  }

  typing(roomId: string, username: string): void {
    this.broadcast.toRoom(roomId, 'typing', { room_id: roomId, username }, { sheddable: true });
  }

  private memberWithRole(
    change: MemberChange,
    role: RoomRole,
    event: 'room.member_joined' | 'room.member_updated',
  ): void {
    this.membershipChanged(change.roomId);
    this.broadcast.toRoom(change.roomId, event, { room_id: change.roomId, username: change.username, role });
  }

  /** Published before the event that announces the change, so no instance resolves the old members. */
  private membershipChanged(roomId: string): void {
    this.cluster.announce({ kind: 'room', roomId }, MEMBERSHIP_CHANGED, { room_id: roomId });
  }
}
