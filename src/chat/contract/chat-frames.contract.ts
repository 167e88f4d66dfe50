// The /ws events of the chat (API.md §6) and the /chats/{username} frames (§2), for the AsyncAPI
// document: the frames RoomEvents, LiveDelivery, PresenceAnnouncer and the gateways send, and the
// frames the gateways accept (their DTOs are ws-frames.dto.ts; chat-frames.contract.spec.ts checks
// that both name the same fields). Messages and rooms are the REST schemas (MessageResponse, RoomResponse).
import {
  exactly,
  ref,
  username,
  uuid,
  type EventFrameContract,
  type JsonSchema,
  type RawFrameContract,
} from '../../realtime/contract/frame-contract.js';

const seq: JsonSchema = { type: 'integer', minimum: 0 };
const role: JsonSchema = { type: 'string', enum: ['owner', 'admin', 'member'] };
const ROOM = '6f1c2a54-8a4e-4b8e-9a37-0d6c1f3e9b10';
const MESSAGE = {
  id: '0b7e6a1d-2f4c-4d9e-8a61-5c3b2d1e0f9a',
  room_id: ROOM,
  seq: 18,
  client_id: 'c-42',
  from: { username: 'apm', name: 'Parsa' },
  body: 'hello',
  sent_at: '2026-11-21T10:00:00.000Z',
  edited_at: null,
  deleted: false,
};

export const CHAT_SERVER_EVENTS: EventFrameContract[] = [
  {
    event: 'message',
    summary: 'A stored message of a room the user belongs to',
    description:
      'Every member connection (the sender’s included) gets each message exactly once, in seq order per room, ' +
      'after COMMIT. A gap in `seq` means something was missed: `resume`. Also sent by `resume` for missed ones.',
    data: ref('MessageResponse'),
    example: MESSAGE,
  },
  {
    event: 'message.ack',
    summary: 'The answer to `message.send`, once the message is durably stored',
    description:
      'Reaches the sending connection before the `message` frame of the same message. The same client_id again ' +
      'in the same room answers the first message’s ack again; nothing is stored or broadcast twice.',
    data: exactly({
      client_id: { type: 'string', minLength: 1, maxLength: 64 },
      id: uuid,
      seq,
      sent_at: { type: 'string', format: 'date-time' },
    }),
    example: { client_id: 'c-42', id: MESSAGE.id, seq: 18, sent_at: MESSAGE.sent_at },
  },
  {
    event: 'message.updated',
    summary: 'A message was edited or deleted (deleted: body null, deleted true; same seq)',
    data: exactly({ message: ref('MessageResponse') }),
    example: { message: { ...MESSAGE, body: null, deleted: true } },
  },
  {
    event: 'typing',
    summary: 'A member is typing (not stored; shed first under back-pressure)',
    data: exactly({ room_id: uuid, username }),
    example: { room_id: ROOM, username: 'apm' },
  },
  {
    event: 'read',
    summary: 'A member’s read marker moved',
    data: exactly({ room_id: uuid, username, seq }),
    example: { room_id: ROOM, username: 'popo', seq: 18 },
  },
  {
    event: 'presence',
    summary: 'A user sharing a room went online or offline (once per change; best effort)',
    description: 'Online while any connection (`/ws` or `/chats/*`) is open on any instance.',
    data: exactly({
      username,
      online: { type: 'boolean' },
      last_seen_at: { type: ['string', 'null'], format: 'date-time' },
    }),
    example: { username: 'popo', online: false, last_seen_at: '2026-11-21T10:05:00.000Z' },
  },
  {
    event: 'room.updated',
    summary: 'A room’s name, topic or visibility changed',
    description: 'The viewer-neutral room: role, last_read_seq, unread_count and last_message are null.',
    data: exactly({ room: ref('RoomResponse') }),
    example: {
      room: {
        id: ROOM,
        kind: 'group',
        name: 'Team',
        topic: null,
        visibility: 'private',
        created_at: '2026-11-21T09:00:00.000Z',
        member_count: 3,
        role: null,
        last_read_seq: null,
        unread_count: null,
        last_message: null,
      },
    },
  },
  {
    event: 'room.member_joined',
    summary: 'Someone joined or was added',
    data: exactly({ room_id: uuid, username, role }),
    example: { room_id: ROOM, username: 'popo', role: 'member' },
  },
  {
    event: 'room.member_updated',
    summary: 'A member’s role changed',
    data: exactly({ room_id: uuid, username, role }),
    example: { room_id: ROOM, username: 'popo', role: 'admin' },
  },
  {
    event: 'room.member_left',
    summary: 'A member left or was removed',
    description: 'A removed member’s own connections get it too, then nothing more of that room.',
    data: exactly({ room_id: uuid, username }),
    example: { room_id: ROOM, username: 'popo' },
  },
  {
    event: 'room.deleted',
    summary: 'The room is gone (to every former member)',
    data: exactly({ room_id: uuid }),
    example: { room_id: ROOM },
  },
  {
    event: 'resume.done',
    summary: 'The end of a `resume` replay',
    description:
      'After the replay: per room the `message.updated` of messages at or below the given seq edited or deleted ' +
      'after `since` (only when `since` was given), then the missed `message`s in seq order; at most 500 of each ' +
      'per room. `truncated_rooms`: rooms with more of either: page the missed messages with ' +
      'GET /rooms/{id}/messages?after=<seq> and the changes with ?changed_since=<the since sent>. `cursor`: opaque, ' +
      'every change up to it is committed and was replayed; send it as `since` next time (or as REST ' +
      '`changed_since`). `new_rooms`: rooms the user belongs to that the map left out. `gone_rooms`: ids of the ' +
      'map the user no longer belongs to (left, removed, banned, room deleted).',
    data: exactly({
      truncated_rooms: { type: 'array', items: uuid },
      cursor: { type: 'string', minLength: 1, maxLength: 64 },
      new_rooms: { type: 'array', items: uuid },
      gone_rooms: { type: 'array', items: uuid },
    }),
    example: { truncated_rooms: [], cursor: 'c1.3f9', new_rooms: [], gone_rooms: [] },
  },
];

const roomId: JsonSchema = {
  type: 'string',
  maxLength: 200,
  description: 'a room id (malformed ids answer NOT_FOUND)',
};
const messageId: JsonSchema = { type: 'string', maxLength: 200 };
const body: JsonSchema = { type: 'string', description: 'not blank; at most MESSAGE_MAX_LENGTH code points' };

export const CHAT_CLIENT_EVENTS: EventFrameContract[] = [
  {
    event: 'message.send',
    summary: 'Send a message (scope chat:write; flood-limited)',
    description:
      'Answer: `message.ack` once stored, then the `message` (this connection included); or `error` with ref = client_id ' +
      '(BLOCKED: a direct room whose other user blocks the sender; nothing stored).',
    data: exactly({ room_id: roomId, body, client_id: { type: 'string', minLength: 1, maxLength: 64 } }),
    example: { room_id: ROOM, body: 'hello', client_id: 'c-42' },
  },
  {
    event: 'message.edit',
    summary: 'Edit one’s message (scope chat:write; flood-limited)',
    description: 'The room gets `message.updated`; errors carry ref = message_id.',
    data: exactly({ message_id: messageId, body }),
    example: { message_id: MESSAGE.id, body: 'hello!' },
  },
  {
    event: 'message.delete',
    summary: 'Delete a message (author, admin, owner; scope chat:write; flood-limited)',
    description: 'The room gets `message.updated` with the tombstone.',
    data: exactly({ message_id: messageId }),
    example: { message_id: MESSAGE.id },
  },
  {
    event: 'typing',
    summary: 'Tell the room one is typing (scope chat:write; flood-limited)',
    data: exactly({ room_id: roomId }),
    example: { room_id: ROOM },
  },
  {
    event: 'read',
    summary: 'Move one’s read marker (scope chat:write; flood-limited)',
    description: 'Members get `read` when the marker moved; a lower seq is ignored.',
    data: exactly({ room_id: roomId, seq: { type: 'integer', minimum: 0, maximum: 2147483647 } }),
    example: { room_id: ROOM, seq: 17 },
  },
  {
    event: 'resume',
    summary: 'After a reconnect: replay what was missed (scope chat:read)',
    description:
      '`rooms` maps room ids to the last seq seen (at most 1000 rooms; malformed ids are skipped). `since`: the ' +
      '`cursor` of an earlier `resume.done`; then edits and deletions made since then to messages at or below ' +
      'those seqs come as `message.updated` (a malformed cursor → error VALIDATION_FAILED). Answer: the replay, ' +
      'then `resume.done`. Live events keep flowing meanwhile: deduplicate by (room_id, seq).',
    data: exactly(
      {
        rooms: {
          type: 'object',
          maxProperties: 1000,
          additionalProperties: { type: 'integer', minimum: 0, maximum: 2147483647 },
        },
        since: { type: 'string', maxLength: 64, description: 'an earlier resume.done cursor (opaque)' },
      },
      ['since'],
    ),
    example: { rooms: { [ROOM]: 17 }, since: 'c1.3f9' },
  },
];

export const FLASH_SERVER_FRAMES: RawFrameContract[] = [
  {
    name: 'flashMessage',
    summary: 'A direct message from the peer (or from one’s own other device)',
    description:
      'Exactly `{from, body, sent_at}` (unix seconds). Every direct message of the user, on every `/chats/*` ' +
      'connection: the peer’s (`from` = the peer), and the user’s own sent from another connection (`from` = the ' +
      'user; the sending connection gets nothing back). On opening, first the peer’s messages after the user’s read ' +
      'marker (oldest first, at most the newest 500, deleted ones left out), then live ones, none lost or doubled in ' +
      'between. Each delivered frame of the peer moves the user’s read marker to its seq (members get `read`).',
    contentType: 'application/json',
    payload: exactly({
      from: username,
      body: { type: 'string' },
      sent_at: { type: 'integer', description: 'unix seconds UTC' },
    }),
    example: { from: 'apm', body: 'hello world!', sent_at: 1630121139 },
  },
];

export const FLASH_CLIENT_FRAMES: RawFrameContract[] = [
  {
    name: 'flashText',
    summary: 'A message body: the whole text frame (not JSON); scope chat:write',
    description:
      'Stored in the pair’s direct room before it is delivered. Blank frames are ignored; over MESSAGE_MAX_LENGTH ' +
      'code points → MESSAGE_TOO_LONG error frame; binary frames → BAD_FRAME; the peer blocks the user → BLOCKED ' +
      '(nothing stored).',
    contentType: 'text/plain',
    payload: { type: 'string' },
    example: 'hello world!',
  },
];
