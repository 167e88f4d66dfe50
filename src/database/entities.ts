// Every entity, listed explicitly: TypeORM globs find nothing when tests run from `src`.
import { User } from '../users/user.entity.js';
import { AuthSession } from '../auth/auth-session.entity.js';
import { FanoutPayload } from '../fanout/fanout-payload.entity.js';
import { PresenceConnection, PresenceInstance } from '../presence/presence.entities.js';
import { AccountToken } from '../session/entities/account-token.entity.js';
import { RefreshToken } from '../session/entities/refresh-token.entity.js';
import { Room } from '../chat/entities/room.entity.js';
import { RoomMember } from '../chat/entities/room-member.entity.js';
import { Message } from '../chat/entities/message.entity.js';

export const ENTITIES = [
  User,
  AuthSession,
  RefreshToken,
  AccountToken,
  Room,
  RoomMember,
  Message,
  FanoutPayload,
  PresenceInstance,
  PresenceConnection,
];
