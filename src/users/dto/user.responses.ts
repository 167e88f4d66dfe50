import type { User } from '../user.entity.js';
import type { Presence } from '../presence.service.js';

export interface UserListItem {
  name: string;
  username: string;
}

export interface OwnProfile {
  name: string;
  username: string;
  email: string | null;
  email_verified: boolean;
  created_at: string;
}

export interface PublicProfile {
  name: string;
  username: string;
  online: boolean;
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
