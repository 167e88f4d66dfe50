// Every module's WebSocket frame contracts, assembled for the AsyncAPI document (the composition root
// of the frames, like src/schema.ts for tables). A module with frames of its own adds them here.
import {
  CHAT_CLIENT_EVENTS,
  CHAT_SERVER_EVENTS,
  FLASH_CLIENT_FRAMES,
  FLASH_SERVER_FRAMES,
} from '../chat/contract/chat-frames.contract.js';
import { REACTION_CLIENT_EVENTS, REACTION_SERVER_EVENTS } from '../reactions/reactions.contract.js';
import {
  FLASH_ERROR_FRAME,
  WS_PROTOCOL_CLIENT_EVENTS,
  WS_TRANSPORT_EVENTS,
} from '../realtime/contract/realtime-frames.contract.js';

export const WS_SERVER_EVENTS = [...CHAT_SERVER_EVENTS, ...WS_TRANSPORT_EVENTS, ...REACTION_SERVER_EVENTS];
export const WS_CLIENT_EVENTS = [
  ...CHAT_CLIENT_EVENTS,
  ...WS_PROTOCOL_CLIENT_EVENTS,
  ...REACTION_CLIENT_EVENTS,
];
export const CHATS_SERVER_FRAMES = [...FLASH_SERVER_FRAMES, FLASH_ERROR_FRAME];
export const CHATS_CLIENT_FRAMES = FLASH_CLIENT_FRAMES;
