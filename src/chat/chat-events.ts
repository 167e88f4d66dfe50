// What the chat module announces. Two typed maps, one per audience:
// - `ServerEventMap` (augmented here): the `/ws` frames chat sends to clients (API.md §6);
// - `DomainEventMap` (augmented here): in-process events emitted once, on the instance that made the
//   change, after it is committed, for modules that react to chat ("a message was deleted").
import type { MessageResponse } from './dto/message.response.js';
import type { RoomResponse } from './dto/room.response.js';
import type { RoomRole } from './entities/room-member.entity.js';

export interface MessageAck {
  client_id: string;
  id: string;
  seq: number;
  sent_at: string;
}

export interface MemberRoleEvent {
  room_id: string;
  username: string;
  role: RoomRole;
}

export interface MemberLeftEvent {
  room_id: string;
  username: string;
}

export interface PresenceEvent {
  username: string;
  online: boolean;
  last_seen_at: string | null;
}

export interface ResumeDone {
  truncated_rooms: string[];
  /** Opaque: pass it back as `resume {since}` or REST `changed_since`. */
  cursor: string;
  new_rooms: string[];
  gone_rooms: string[];
}

declare module '../realtime/server-events.js' {
  interface ServerEventMap {
    message: MessageResponse;
    'message.ack': MessageAck;
    'message.updated': { message: MessageResponse };
    typing: { room_id: string; username: string };
    read: { room_id: string; username: string; seq: number };
    presence: PresenceEvent;
    'room.updated': { room: RoomResponse };
    'room.member_joined': MemberRoleEvent;
    'room.member_updated': MemberRoleEvent;
    'room.member_left': MemberLeftEvent;
    'room.deleted': { room_id: string };
    'resume.done': ResumeDone;
  }
}

/** Who changed the membership of a room, as domain events name them. */
export interface MemberChange {
  roomId: string;
  userId: string;
  username: string;
}

declare module '../common/events/domain-events.js' {
  interface DomainEventMap {
    'chat.message.created': { message: MessageResponse };
    'chat.message.edited': { message: MessageResponse };
    /** The tombstone: body null, deleted true. */
    'chat.message.deleted': { message: MessageResponse };
    'chat.member.joined': MemberChange & { role: RoomRole };
    'chat.member.role_changed': MemberChange & { role: RoomRole };
    'chat.member.left': MemberChange;
    'chat.room.updated': { room: RoomResponse };
    'chat.room.deleted': { roomId: string; formerMemberIds: string[] };
  }
}

/** Cluster event: every instance drops what it cached about the room's members. */
export const MEMBERSHIP_CHANGED = 'chat.membership_changed';

declare module '../fanout/cluster-events.js' {
  interface ClusterEventMap {
    [MEMBERSHIP_CHANGED]: { room_id: string };
  }
}
