import type { ModuleSchema } from '../database/module-schema.js';
import { Message } from './entities/message.entity.js';
import { RoomMember } from './entities/room-member.entity.js';
import { Room } from './entities/room.entity.js';
import { Chat1795265331826 } from './migrations/1795265331826-Chat.js';

export const chatSchema: ModuleSchema = {
  entities: [Room, RoomMember, Message],
  migrations: [Chat1795265331826],
};
