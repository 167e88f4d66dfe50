// The chat module's public surface for modules built on it (docs/extending.md): the module to import,
// "load a message the caller may see" (routes about one message, marks members put on one),
// "broadcast to a room's members on every instance", the permission table, errors and events.
export { ChatModule } from './chat.module.js';
export type { ChatCaller } from './chat-caller.js';
export { ChatError, MessageDeletedError, MessageNotFoundError, NotAMemberError } from './chat.errors.js';
export type { MemberChange } from './chat-events.js';
export { ChatErrorDocs } from './dto/chat-errors.openapi.js';
export type { MessageResponse, MessageView } from './dto/message.response.js';
export type { RoomResponse } from './dto/room.response.js';
export { MessageAccess, type MessageAccessOptions, type VisibleMessage } from './message-access.js';
export { MarkEventBase, MarkSummaryBase, MessageRefFrame } from './dto/message-marks.dto.js';
export { MessageMarkRow } from './entities/message-mark.entity.js';
export { MessageMarks, type MarkEvent, type MarkKind, type MarkSummary } from './message-marks.js';
export { MessageRoutes, type MessageRoute } from './message-routes.js';
export { MembershipService } from './membership.service.js';
export { RoomBroadcast, type BroadcastOptions } from './room-broadcast.js';
export { defineRoomAction, type RoomAction, type RoomActionMap, type RoomRule } from './room-permissions.js';
