// "Load a message the caller may see": the check every route or frame about one message starts with
// (edit, delete, and modules' own, such as reactions). Public for modules.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChatCaller } from './chat-caller.js';
import { MessageDeletedError, MessageNotFoundError } from './chat.errors.js';
import type { MessageView } from './dto/message.response.js';
import type { RoomRole } from './entities/room-member.entity.js';
import { isUuid, MembershipService } from './membership.service.js';
import { messageById } from './message-queries.js';
import type { RoomAction } from './room-permissions.js';

export interface VisibleMessage {
  message: MessageView;
  /** The caller's role in the message's room. */
  role: RoomRole;
}

export interface MessageAccessOptions {
  /** The room the route names (`/rooms/:id/messages/:messageId`): the message must be in it. */
  roomId?: string;
  /** The room action the caller needs; default `readHistory`. */
  action?: RoomAction;
  /** Refuse a deleted message (409 MESSAGE_DELETED) instead of returning its tombstone. */
  live?: boolean;
  /**
   * A transaction to read the message in, holding its row FOR UPDATE until it ends: writes attached to
   * a message (reactions, a module's own) then serialise on it, and a racing edit or delete waits —
   * `live` sees its outcome.
   */
  lock?: EntityManager;
}

@Injectable()
export class MessageAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MembershipService) private readonly membership: MembershipService,
  ) {}

  /**
   * The message and the caller's role, if the caller may do `action` in its room. API.md §5 rules: a
   * private room's non-member gets 404 (the room is not revealed), a public room's 403 NOT_A_MEMBER; an
   * unknown or malformed message id, or one from another room than `roomId`, is 404 MESSAGE_NOT_FOUND.
   */
  async load(
    caller: ChatCaller,
    messageId: string,
    { roomId, action = 'readHistory', live = false, lock }: MessageAccessOptions = {},
  ): Promise<VisibleMessage> {
    let role: RoomRole | null = null;
    // Every read in `lock`'s transaction when given (the embedded engine has one connection).
    if (roomId !== undefined) ({ role } = await this.membership.require(action, caller.userId, roomId, lock));
    if (!isUuid(messageId)) throw new MessageNotFoundError();
    const message = await messageById(lock ?? this.dataSource.manager, messageId, lock !== undefined);
    if (!message || (roomId !== undefined && message.roomId !== roomId)) throw new MessageNotFoundError();
    if (roomId === undefined)
      ({ role } = await this.membership.require(action, caller.userId, message.roomId, lock));
    if (live && message.deletedAt !== null) throw new MessageDeletedError();
    // `require` passed, and every action but the public ones (view, join) needs membership.
    return { message, role: role ?? 'member' };
  }
}
