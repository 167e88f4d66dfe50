// Compile-time only: the hand-written WebSocket types and the REST types generated from the OpenAPI
// document describe the same message and room. `npm run check` fails when either side drifts.
import type { Message, Room } from '../rest/api-types.js';
import type { ChatMessage, ChatRoom } from './ws-protocol.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const messageTypesAgree: Same<Message, ChatMessage> = true;
export const roomTypesAgree: Same<Room, ChatRoom> = true;
