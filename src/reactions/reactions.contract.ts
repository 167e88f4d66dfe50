// The reaction frames of /ws for the AsyncAPI document (listed in src/docs/frame-contracts.ts).
import { exactly, username, uuid, type EventFrameContract } from '../realtime/index.js';

const emoji = { type: 'string', minLength: 1, description: '1–32 code points, no whitespace' };
const target = exactly({ message_id: { type: 'string', maxLength: 200 }, emoji });
const sent = { message_id: '0b7e6a1d-2f4c-4d9e-8a61-5c3b2d1e0f9a', emoji: '👍' };
const event = exactly({ room_id: uuid, message_id: uuid, emoji, username });
const seen = { room_id: '6f1c2a54-8a4e-4b8e-9a37-0d6c1f3e9b10', ...sent, username: 'apm' };

export const REACTION_CLIENT_EVENTS: EventFrameContract[] = [
  { event: 'reaction.add', summary: 'React to a message (members, chat:write)', data: target, example: sent },
  { event: 'reaction.remove', summary: 'Take one’s reaction back', data: target, example: sent },
];

export const REACTION_SERVER_EVENTS: EventFrameContract[] = [
  { event: 'reaction.added', summary: 'A member reacted to a message', data: event, example: seen },
  { event: 'reaction.removed', summary: 'A member took a reaction back', data: event, example: seen },
];
