import { ApiProperty } from '@nestjs/swagger';
import type { User } from '../user.entity.js';
import type { Presence } from '../presence.service.js';

export class UserListItem {
  @ApiProperty({ example: 'Parham' }) name: string;
  @ApiProperty({ example: 'popo' }) username: string;
}

export class OwnProfile {
  @ApiProperty({ example: 'Parsa' }) name: string;
  @ApiProperty({ example: 'apm' }) username: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a user made by the flash API' })
  email: string | null;
  @ApiProperty() email_verified: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class PublicProfile {
  @ApiProperty({ example: 'Parham' }) name: string;
  @ApiProperty({ example: 'popo' }) username: string;
  @ApiProperty() online: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null while online or never seen',
  })
  last_seen_at: string | null;
}

export function toUserListItem(user: User): UserListItem {
  return { name: user.name, username: user.username };
}

export function toOwnProfile(user: User): OwnProfile {
  return {
    name: user.name,
    username: user.username,
    email: user.email,
    email_verified: user.emailVerifiedAt !== null,
    created_at: user.createdAt.toISOString(),
  };
}

export function toPublicProfile(user: User, presence: Presence): PublicProfile {
  return {
    name: user.name,
    username: user.username,
    online: presence.online,
    last_seen_at: presence.lastSeenAt?.toISOString() ?? null,
  };
}
