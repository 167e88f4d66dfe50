// The REST side of "a thing attached to a message" (reactions, a module's own): its routes live under
// `/rooms/:id/messages/:messageId/<path>`, and every one of them starts with `MessageAccess.load`, so
// every one can answer what that answers. One class decorator says both, with the path parameters
// documented; handlers read them with `@Param() at: MessageRoute` and pass `at.id` as the `roomId`.
import { applyDecorators, Controller } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi/api-responses.js';
import { ChatErrorDocs as E } from './dto/chat-errors.openapi.js';

/** The path parameters of a message's route (plus the route's own, if any). */
export interface MessageRoute {
  /** The room (`roomId` of MessageAccess.load). */
  id: string;
  messageId: string;
}

/** `@MessageRoutes('reactions', 'rooms: reactions')`: a controller of routes about one message. */
export function MessageRoutes(path: string, tag: string): ClassDecorator {
  return applyDecorators(
    Controller(`rooms/:id/messages/:messageId/${path}`),
    ApiTags(tag),
    ApiParam({ name: 'id', type: String, description: 'the room' }),
    ApiParam({ name: 'messageId', type: String, description: 'a message of that room' }),
    ApiErrors(E.roomNotFound, E.notAMember, E.messageNotFound),
  );
}
