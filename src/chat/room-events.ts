// Announces chat changes on FANOUT with the API.md §6 event names and data. Called only after COMMIT.
import { Inject, Injectable } from '@nestjs/common';
import { FANOUT, type Fanout, type FanoutEvent } from '../fanout/fanout.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import type { MessageResponse } from './dto/message.response.js';
import type { RoomResponse } from './dto/room.response.js';
import type { RoomRole } from './entities/room-member.entity.js';

/** Events that change who belongs to a room; every instance drops its cached member list on them. */
export const MEMBERSHIP_EVENTS = new Set([
  'room.member_joined',
  'room.member_updated',
  'room.member_left',
  'room.deleted',
]);

@Injectable()
export class RoomEvents {
  constructor(
    @Inject(FANOUT) private readonly fanout: Fanout,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** Live delivery is best effort (clients recover with `resume`); a fan-out failure never fails the write. */
  publish(event: FanoutEvent): void {
    this.fanout.publish(event).catch((error: unknown) => {
      this.logger.errorEvent('fanout publish failed', error, { event: event.event });
    });
  }

  private toRoom(roomId: string, event: string, data: unknown): void {
    this.publish({ topic: { kind: 'room', roomId }, event, data });
  }

  message(message: MessageResponse): void {
    this.toRoom(message.room_id, 'message', message);
  }

  messageUpdated(message: MessageResponse): void {
    this.toRoom(message.room_id, 'message.updated', { message });
  }

  roomUpdated(room: RoomResponse): void {
    this.toRoom(room.id, 'room.updated', { room });
  }

  memberJoined(roomId: string, username: string, role: RoomRole): void {
    this.toRoom(roomId, 'room.member_joined', { room_id: roomId, username, role });
  }

  memberUpdated(roomId: string, username: string, role: RoomRole): void {
    this.toRoom(roomId, 'room.member_updated', { room_id: roomId, username, role });
  }

  /** To the remaining members, and to the user who left, who is no longer resolved from the room topic. */
  memberLeft(roomId: string, username: string, userId: string): void {
    const data = { room_id: roomId, username };
    this.toRoom(roomId, 'room.member_left', data);
    this.publish({ topic: { kind: 'user', userId }, event: 'room.member_left', data });
  }

  /** To each former member's user topic: once the room is gone, its topic resolves to nobody. */
  roomDeleted(roomId: string, formerMemberIds: string[]): void {
    for (const userId of formerMemberIds) {
      this.publish({ topic: { kind: 'user', userId }, event: 'room.deleted', data: { room_id: roomId } });
    }
  }

  read(roomId: string, username: string, seq: number): void {
    this.toRoom(roomId, 'read', { room_id: roomId, username, seq });
  }

  typing(roomId: string, username: string): void {
    this.toRoom(roomId, 'typing', { room_id: roomId, username });
  }
}
