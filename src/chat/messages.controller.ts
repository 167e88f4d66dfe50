import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/decorators/current-user.decorator.js';
import { RequireScopes } from '../common/decorators/scopes.decorator.js';
import { ApiErrors, ApiSessionOk } from '../common/openapi/api-responses.js';
import { FloodLimitedRoute } from '../flood/index.js';
import { ChatErrorDocs as E } from './dto/chat-errors.openapi.js';
import {
  EditMessageRequest,
  HistoryQuery,
  ReadMarkerRequest,
  SendMessageRequest,
} from './dto/message.requests.js';
import { MessageChangesResponse, MessageResponse, ReadMarkerResponse } from './dto/message.response.js';
import { MessageService } from './message.service.js';
import { ReadMarkerService } from './read-marker.service.js';
import { SyncService } from './sync.service.js';

@ApiTags('rooms: messages')
@ApiBearerAuth()
@ApiErrors(E.roomNotFound, E.notAMember)
@Controller('rooms/:id')
export class MessagesController {
  constructor(
    @Inject(MessageService) private readonly messages: MessageService,
    @Inject(ReadMarkerService) private readonly readMarkers: ReadMarkerService,
    @Inject(SyncService) private readonly sync: SyncService,
  ) {}

  @Get('messages')
  @RequireScopes('chat:read')
  @ApiOperation({
    summary: 'History by seq, or the changes after a sync cursor (members)',
    description:
      'No cursor: the newest `limit`, newest first. before=N: seq < N, newest first. after=N: seq > N, oldest ' +
      'first. Both cursors at once → 400. limit an integer 1–200 (else 400 VALIDATION_FAILED), default 50. ' +
      'Deleted messages stay as tombstones (body null, deleted true). These answer a bare array.\n\n' +
      'changed_since=<cursor> (a `resume.done` cursor or the `cursor` of a previous page; not with before/after): ' +
      'the messages inserted, edited or deleted after it, in change order, at most `limit`, as ' +
      '`{messages, cursor, has_more}`; call again with `cursor` while has_more is true, keep the last cursor for ' +
      'next time. A malformed cursor → 400 VALIDATION_FAILED.',
  })
  @ApiExtraModels(MessageChangesResponse)
  @ApiSessionOk(
    {
      oneOf: [
        { type: 'array', items: { $ref: getSchemaPath(MessageResponse) } },
        { $ref: getSchemaPath(MessageChangesResponse) },
      ],
    },
    { description: 'a bare array (by seq), or with changed_since one page of changes' },
  )
  @ApiErrors(E.invalidQuery)
  history(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Query() query: HistoryQuery,
  ): Promise<MessageResponse[] | MessageChangesResponse> {
    const changedSince = query.changed_since;
    if (changedSince !== undefined)
      return this.sync.changedSince(caller.userId, id, { ...query, changed_since: changedSince });
    return this.messages.history(caller.userId, id, query);
  }

  @Post('messages')
  @FloodLimitedRoute()
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Send a message (members)',
    description:
      '201 once stored (after COMMIT) with the next gapless seq. With a client_id already used by the caller ' +
      'in this room: 200 with the first message, nothing stored again. Blank → 400 VALIDATION_FAILED; more than ' +
      'MESSAGE_MAX_LENGTH code points → 400 MESSAGE_TOO_LONG. In a direct room whose other user blocks the ' +
      'caller: 403 BLOCKED, nothing stored.',
  })
  @ApiSessionOk(MessageResponse, {
    status: 201,
    description: 'stored',
    example: {
      status: 'Success',
      data: {
        id: '0b7e6a1d-2f4c-4d9e-8a61-5c3b2d1e0f9a',
        room_id: '6f1c2a54-8a4e-4b8e-9a37-0d6c1f3e9b10',
        seq: 1,
        client_id: 'c-1',
        from: { username: 'apm', name: 'Parsa' },
        body: 'hello',
        sent_at: '2026-11-21T10:00:00.000Z',
        edited_at: null,
        deleted: false,
      },
    },
  })
  @ApiSessionOk(MessageResponse, { description: 'idempotent replay: the first message with this client_id' })
  @ApiErrors(E.messageTooLong, E.blocked)
  async send(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Body() body: SendMessageRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MessageResponse> {
    const { message, created } = await this.messages.send(caller, {
      roomId: id,
      body: body.body,
      clientId: body.client_id,
    });
    if (!created) response.status(200);
    return message;
  }

  @Patch('messages/:messageId')
  @FloodLimitedRoute()
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Edit a message (author)',
    description:
      'Sets edited_at. Others get 403 FORBIDDEN; a deleted message 409 MESSAGE_DELETED. Announced as message.updated.',
  })
  @ApiSessionOk(MessageResponse, { description: 'the edited message' })
  @ApiErrors(E.messageNotFound, E.forbidden, E.messageDeleted, E.messageTooLong)
  edit(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Body() body: EditMessageRequest,
  ): Promise<MessageResponse> {
    return this.messages.edit(caller, messageId, body.body, id);
  }

  @Delete('messages/:messageId')
  @FloodLimitedRoute()
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Delete a message (author, admin, owner)',
    description:
      'Leaves a tombstone in history (body null, deleted true, same seq) and answers data: null like every delete. ' +
      'Deleting again is a no-op. Announced as message.updated (the tombstone).',
  })
  @ApiSessionOk(null, { description: 'data: null (API.md §0: every delete)' })
  @ApiErrors(E.messageNotFound, E.forbidden)
  async remove(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Param('messageId') messageId: string,
  ): Promise<null> {
    await this.messages.remove(caller, messageId, id);
    return null;
  }

  @Post('read')
  @FloodLimitedRoute()
  @HttpCode(200)
  @RequireScopes('chat:write')
  @ApiOperation({
    summary: 'Move the caller’s read marker (members)',
    description:
      'Never moves back: a lower seq is accepted and ignored; a seq past the newest message is capped to it. ' +
      'A non-integer → 400. Answers the marker after the call. Announced as read when it moved.',
  })
  @ApiSessionOk(ReadMarkerResponse, { description: 'the marker after the call' })
  async read(
    @CurrentUser() caller: AuthUser,
    @Param('id') id: string,
    @Body() body: ReadMarkerRequest,
  ): Promise<ReadMarkerResponse> {
    return { room_id: id, last_read_seq: await this.readMarkers.markRead(caller, id, body.seq) };
  }
}
