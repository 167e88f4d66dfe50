// The `/ws` JSON protocol's frames (API.md §6, docs/ws-protocol.md), written by hand to mirror the
// contract until the AsyncAPI document (/asyncapi.json) lands; then this file is what gets generated
// from it or checked against it. `Message` and `Room` are checked against the REST types at compile time
// (protocol-types.check.ts), so the two documents cannot drift apart unnoticed.

export type RoomRole = 'owner' | 'admin' | 'member';

/** A stored message, the same on REST and WebSocket (API.md §5). */
export interface ChatMessage {
  id: string;
  room_id: string;
  /** Per room, from 1, +1 for every stored message: the order, and a gap means something was missed. */
  seq: number;
  client_id: string | null;
  from: { username: string; name: string };
  /** null once deleted (a tombstone keeps its seq). */
  body: string | null;
  sent_at: string;
  edited_at: string | null;
  deleted: boolean;
}

export interface ChatRoom {
  id: string;
  kind: 'group' | 'direct';
  name: string | null;
  topic: string | null;
  visibility: 'public' | 'private';
  created_at: string;
  member_count: number;
  role: RoomRole | null;
  last_read_seq: number | null;
  unread_count: number | null;
  last_message: ChatMessage | null;
}

export interface MessageAck {
  client_id: string;
  id: string;
  seq: number;
  sent_at: string;
}

export interface WsError {
  code: string;
  message: string;
  /** The frame's `client_id` (message.send), `message_id` (edit/delete), else the event name; null if unreadable. */
  ref: string | null;
  details?: unknown;
}

export interface ResumeDone {
  /** Rooms with more than 500 missed messages or edits: the rest is paged over REST (the SDK does it). */
  truncated_rooms: string[];
  /** Opaque: pass it back as `since` on the next resume, or as REST `changed_since` (the SDK keeps it). */
  cursor: string;
  /** Rooms the user belongs to that the resume map left out (joined or added while away). */
  new_rooms: string[];
  /** Rooms of the map the user no longer belongs to (left, removed, banned, deleted). */
  gone_rooms: string[];
}

/** Server → client: event name → `data`. */
export interface ServerEventMap {
  message: ChatMessage;
  'message.ack': MessageAck;
  'message.updated': { message: ChatMessage };
  typing: { room_id: string; username: string };
  read: { room_id: string; username: string; seq: number };
  presence: { username: string; online: boolean; last_seen_at: string | null };
  'room.updated': { room: ChatRoom };
  'room.member_joined': { room_id: string; username: string; role: RoomRole };
  'room.member_updated': { room_id: string; username: string; role: RoomRole };
  'room.member_left': { room_id: string; username: string };
  'room.deleted': { room_id: string };
  'resume.done': ResumeDone;
  'auth.ok': { exp: number };
  pong: Record<string, never>;
  error: WsError;
  'session.expired': Record<string, never>;
  'reaction.added': ReactionEvent;
  'reaction.removed': ReactionEvent;
}

/** `reaction.added` / `reaction.removed` (API.md §9). */
export interface ReactionEvent {
  room_id: string;
  message_id: string;
  emoji: string;
  username: string;
}

/** Client → server: event name → `data`. */
export interface ClientFrameMap {
  'message.send': { room_id: string; body: string; client_id: string };
  'message.edit': { message_id: string; body: string };
  'message.delete': { message_id: string };
  typing: { room_id: string };
  read: { room_id: string; seq: number };
  resume: { rooms: Record<string, number>; since?: string };
  auth: { token: string };
  ping: Record<string, never>;
  'reaction.add': { message_id: string; emoji: string };
  'reaction.remove': { message_id: string; emoji: string };
}

export type ServerEvent = keyof ServerEventMap;
export type ClientEvent = keyof ClientFrameMap;

/** Close codes (docs/ws-protocol.md). */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  abnormal: 1006,
  tooBig: 1009,
  sessionExpired: 4001,
  slowConsumer: 4008,
} as const;

const SERVER_EVENTS: ReadonlySet<string> = new Set<ServerEvent>([
  'message',
  'message.ack',
  'message.updated',
  'typing',
  'read',
  'presence',
  'room.updated',
  'room.member_joined',
  'room.member_updated',
  'room.member_left',
  'room.deleted',
  'resume.done',
  'auth.ok',
  'pong',
  'error',
  'session.expired',
  'reaction.added',
  'reaction.removed',
]);

export type ServerFrame = { [E in ServerEvent]: { event: E; data: ServerEventMap[E] } }[ServerEvent];

/** A received text frame as a known server event, or null (not JSON, unknown event, no object data). */
export function parseServerFrame(text: string): ServerFrame | null {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { event, data } = frame as { event?: unknown; data?: unknown };
  if (typeof event !== 'string' || !SERVER_EVENTS.has(event)) return null;
  return { event, data: typeof data === 'object' && data !== null ? data : {} } as ServerFrame;
}

export function clientFrame<E extends ClientEvent>(event: E, data: ClientFrameMap[E]): string {
  return JSON.stringify({ event, data });
}
