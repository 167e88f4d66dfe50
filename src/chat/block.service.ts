// Blocking (API.md §5): a user keeps another from reaching them in their direct room. The effects live
// where the rules are checked: DirectRoomService refuses to open the room for a blocked user, and the
// statement that stores messages refuses their sends (block-queries.ts), so every instance and every
// transport (REST, /ws, /chats) agrees without a cache to invalidate.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { blocksOf } from './block-queries.js';
import type { ChatCaller } from './chat-caller.js';
import { CannotBlockSelfError, ChatUserNotFoundError, NotBlockedError } from './chat.errors.js';
import { toBlockResponse, type BlockResponse, type BlockRow } from './dto/block.response.js';

@Injectable()
export class BlockService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  /** Blocks `username`; blocking again changes nothing and answers the existing block. */
  async block(caller: ChatCaller, username: string): Promise<BlockResponse> {
    const target = await this.target(caller, username);
    // The no-op update makes a repeat return the existing row (and its blocked_at) in the same statement.
    const rows = await this.dataSource.query<{ blocked_at: Date }[]>(
      `INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)
       ON CONFLICT (blocker_id, blocked_id) DO UPDATE SET blocked_at = user_blocks.blocked_at
       RETURNING blocked_at`,
      [caller.userId, target.id],
    );
    const row: BlockRow = { username: target.username, name: target.name, blocked_at: rows[0].blocked_at };
    return toBlockResponse(row);
  }

  /** 404 when the caller does not block `username` (or no such user exists). */
  async unblock(caller: ChatCaller, username: string): Promise<void> {
    const target = await this.target(caller, username);
    const [removed] = await this.dataSource.query<[unknown[], number]>(
      'DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2 RETURNING blocked_id',
      [caller.userId, target.id],
    );
    if (removed.length === 0) throw new NotBlockedError();
  }

  async list(caller: ChatCaller): Promise<BlockResponse[]> {
    return (await blocksOf(this.dataSource.manager, caller.userId)).map(toBlockResponse);
  }

  private async target(caller: ChatCaller, username: string): Promise<User> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new ChatUserNotFoundError();
    if (user.id === caller.userId) throw new CannotBlockSelfError();
    return user;
  }
}
