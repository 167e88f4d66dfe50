import type { ModuleSchema } from '../database/module-schema.js';
import { Message } from './entities/message.entity.js';
import { RoomMember } from './entities/room-member.entity.js';
import { Room } from './entities/room.entity.js';
import { UserBlock } from './entities/user-block.entity.js';
import { Chat1795265331826 } from './migrations/1795265331826-Chat.js';
import { UserBlocks1796153985664 } from './migrations/1796153985664-UserBlocks.js';

export const chatSchema: ModuleSchema = {
  entities: [Room, RoomMember, Message, UserBlock],
  migrations: [Chat1795265331826, UserBlocks1796153985664],
};
