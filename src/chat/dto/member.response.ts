import { ApiProperty } from '@nestjs/swagger';
import type { Presence } from '../../users/presence.service.js';
import type { RoomRole } from '../entities/room-member.entity.js';

export interface MemberView {
  userId: string;
  username: string;
  name: string;
  role: RoomRole;
  joinedAt: Date;
  lastSeenAt: Date | null;
}

export class MemberResponse {
  @ApiProperty() username: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['owner', 'admin', 'member'] }) role: RoomRole;
  @ApiProperty({ format: 'date-time' }) joined_at: string;
  @ApiProperty() online: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_seen_at: string | null;
}

export function toMemberResponse(view: MemberView, presence: Presence): MemberResponse {
  return {
    username: view.username,
    name: view.name,
    role: view.role,
    joined_at: view.joinedAt.toISOString(),
    online: presence.online,
    last_seen_at: presence.lastSeenAt?.toISOString() ?? null,
  };
}
