import type { ModuleSchema } from '../database/module-schema.js';
import { Message } from './entities/message.entity.js';
import { RoomBan } from './entities/room-ban.entity.js';
import { RoomMember } from './entities/room-member.entity.js';
import { Room } from './entities/room.entity.js';
import { UserBlock } from './entities/user-block.entity.js';
import { Chat1795265331826 } from './migrations/1795265331826-Chat.js';
import { UserBlocks1796153985664 } from './migrations/1796153985664-UserBlocks.js';
import { MessageChanges1796211540000 } from './migrations/1796211540000-MessageChanges.js';
import { RoomBans1796211560000 } from './migrations/1796211560000-RoomBans.js';

export const chatSchema: ModuleSchema = {
  entities: [Room, RoomMember, Message, RoomBan, UserBlock],
  migrations: [
    Chat1795265331826,
    UserBlocks1796153985664,
    MessageChanges1796211540000,
    RoomBans1796211560000,
  ],
};
