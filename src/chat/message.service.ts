// Sending, editing, deleting and reading messages: the rules REST and WebSocket share.
import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ChatForbiddenError, MessageDeletedError, MessageNotFoundError } from './chat.errors.js';
import type { ChatCaller } from './chat-caller.js';
import { toMessageResponse, type MessageResponse } from './dto/message.response.js';
import { GroupCommit } from './group-commit.js';
import { ShutdownParticipant, type ShutdownParticipantHooks } from '../lifecycle/shutdown-participant.js';
import { historyCursor, type HistoryQueryInput } from './history-cursor.js';
import { historyPage, messageById } from './message-queries.js';
import { checkClientId, checkMessageBody } from './message-rules.js';
import { MessageAccess } from './message-access.js';
import { MessageStore } from './message-store.js';
import { MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';
import { canDeleteMessage } from './room-permissions.js';

export interface SendInput {
  roomId: string;
  body: unknown;
  clientId?: unknown;
  /** The connection sending it, if any: the flash protocol sends it no echo. */
  origin?: string;
}

const MAX_BATCH = 500;
/** Concurrent batch writes (of disjoint rooms); more overlap commits, but each holds a pool connection. */
const MAX_BATCHES_IN_FLIGHT = 3;

/** Joins the graceful shutdown: pending batched commits finish before the database pool closes. */
@ShutdownParticipant()
@Injectable()
export class MessageService implements ShutdownParticipantHooks {
  private readonly maxLength: number;
  private readonly groupCommit: GroupCommit;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MessageStore) store: MessageStore,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RoomEvents) private readonly events: RoomEvents,
    @Inject(MessageAccess) private readonly access: MessageAccess,
    @Inject(Configuration) config: Configuration,
  ) {
    this.maxLength = config.of('app').messageMaxLength;
    this.groupCommit = new GroupCommit(store, {
      maxBatch: MAX_BATCH,
      maxInFlight: MAX_BATCHES_IN_FLIGHT,
      onCommitted: (created) =>
        created.forEach((c) => this.events.message(toMessageResponse(c.message), c.origin)),
    });
  }

  /**
   * Stores a message with the room's next seq; resolves after COMMIT. `created: false` is an idempotent
   * replay of (room, sender, client_id): the first message, nothing stored or published again.
   */
  async flush(): Promise<void> {
    await this.groupCommit.settled(2000);
  }

  async send(sender: ChatCaller, input: SendInput): Promise<{ message: MessageResponse; created: boolean }> {
    const body = checkMessageBody(input.body, this.maxLength);
    const clientId = checkClientId(input.clientId);
    await this.membership.requireMember('send', sender.userId, input.roomId);
    const outcome = await this.groupCommit.submit({
      roomId: input.roomId,
      senderId: sender.userId,
      body,
      clientId,
      origin: input.origin,
    });
    return { message: toMessageResponse(outcome.message), created: outcome.created };
  }

  /** Only the author edits; `edited_at` is set and kept. `roomId`, when given, must be the message's room. */
  async edit(
    sender: ChatCaller,
    messageId: string,
    body: unknown,
    roomId?: string,
  ): Promise<MessageResponse> {
    const text = checkMessageBody(body, this.maxLength);
    const { message } = await this.access.load(sender, messageId, { roomId, live: true });
    if (message.senderId !== sender.userId)
      throw new ChatForbiddenError('only the author can edit a message');
    const [rows] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE messages SET body = $2, edited_at = now(), change_seq = message_change_position()
       WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [message.id, text],
    );
    if (rows.length === 0) throw new MessageDeletedError();
    const edited = await this.reload(message.id);
    this.events.messageEdited(edited);
    return edited;
  }

  /** The author, an admin or the owner deletes; a tombstone keeps the seq. Deleting twice is a no-op. */
  async remove(sender: ChatCaller, messageId: string, roomId?: string): Promise<MessageResponse> {
    const { message, role } = await this.access.load(sender, messageId, { roomId });
    if (!canDeleteMessage(role, message.senderId === sender.userId)) {
      throw new ChatForbiddenError('only the author, an admin or the owner can delete a message');
    }
    if (message.deletedAt !== null) return toMessageResponse(message);
    const [rows] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE messages SET body = NULL, deleted_at = now(), change_seq = message_change_position()
       WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [message.id],
    );
    if (rows.length === 0)
      return toMessageResponse((await messageById(this.dataSource.manager, message.id)) ?? message);
    const tombstone = await this.reload(message.id);
    this.events.messageDeleted(tombstone);
    return tombstone;
  }

  async history(userId: string, roomId: string, query: HistoryQueryInput): Promise<MessageResponse[]> {
    const cursor = historyCursor(query);
    await this.membership.requireMember('readHistory', userId, roomId);
    return (await historyPage(this.dataSource.manager, roomId, cursor)).map(toMessageResponse);
  }

  private async reload(messageId: string): Promise<MessageResponse> {
    const updated = await messageById(this.dataSource.manager, messageId);
    if (!updated) throw new MessageNotFoundError();
    return toMessageResponse(updated);
  }
}
