// The chat module's public surface for modules built on it (docs/extending.md): the module to import,
// "load a message the caller may see" (and routes about one message), "broadcast to a room's members
// on every instance", the room permission table, chat's errors and the events it announces.
export { ChatModule } from './chat.module.js';
export type { ChatCaller } from './chat-caller.js';
export { ChatError, MessageDeletedError, MessageNotFoundError, NotAMemberError } from './chat.errors.js';
export type { MemberChange } from './chat-events.js';
export { ChatErrorDocs } from './dto/chat-errors.openapi.js';
export type { MessageResponse, MessageView } from './dto/message.response.js';
export type { RoomResponse } from './dto/room.response.js';
export { MessageAccess, type MessageAccessOptions, type VisibleMessage } from './message-access.js';
export { MessageRoutes, type MessageRoute } from './message-routes.js';
export { MembershipService } from './membership.service.js';
export { RoomBroadcast, type BroadcastOptions } from './room-broadcast.js';
export { defineRoomAction, type RoomAction, type RoomActionMap, type RoomRule } from './room-permissions.js';
