// What the page shows, kept current by @p-chat/client: the rooms with their unread counts and last
// messages, each room's timeline, typing, read receipts, presence and the connection's state. Views
// subscribe to `changed` and re-read what they show.
import {
  newClientId,
  type ChatMessage,
  type Me,
  type Member,
  type PChatClient,
  type RealtimeConnection,
  type Room,
} from '../../client/src/index.js';
import { RoomTimeline } from './room-timeline.js';

export type Change = 'rooms' | 'connection' | { room: string } | { members: string };
export type LinkState = 'connecting' | 'online' | 'offline' | 'ended';

const TYPING_SHOWN_MS = 5000;

export class ChatState {
  readonly rooms = new Map<string, Room>();
  /** Direct rooms: the other member. */
  readonly peers = new Map<string, { username: string; name: string }>();
  readonly members = new Map<string, Member[]>();
  /** room → username → last seq they read (from live `read` events). */
  readonly receipts = new Map<string, Map<string, number>>();
  /** room → username → when their typing indicator goes away. */
  private readonly typing = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();
  private readonly timelines = new Map<string, RoomTimeline>();
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly connection: RealtimeConnection;
  link: LinkState = 'connecting';
  /** Why the connection ended for good (signed out elsewhere, session expired). */
  ended: string | null = null;
  openRoomId: string | null = null;

  private constructor(
    readonly client: PChatClient,
    readonly me: Me,
    rooms: Room[],
  ) {
    for (const room of rooms) this.rooms.set(room.id, room);
    this.connection = client.connect({
      rooms: Object.fromEntries(rooms.map((room) => [room.id, room.last_message?.seq ?? 0])),
      backoff: { initialMs: 500, maxMs: 10_000 },
      heartbeat: { intervalMs: 15_000, timeoutMs: 4_000 },
    });
    this.listen();
    void this.loadPeers(rooms);
  }

  static async start(client: PChatClient): Promise<ChatState> {
    const [me, rooms] = await Promise.all([client.users.me(), client.rooms.list()]);
    return new ChatState(client, me, rooms);
  }

  on(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.listeners.clear();
    this.connection.close();
  }

  timeline(roomId: string): RoomTimeline {
    let timeline = this.timelines.get(roomId);
    if (timeline === undefined) {
      timeline = new RoomTimeline(roomId, this.client);
      this.timelines.set(roomId, timeline);
    }
    return timeline;
  }

  /** Rooms, most recent activity first. */
  sortedRooms(): Room[] {
    const activity = (room: Room): string => room.last_message?.sent_at ?? room.created_at;
    return [...this.rooms.values()].sort((a, b) => activity(b).localeCompare(activity(a)));
  }

  roomName(room: Room): string {
    if (room.kind === 'direct') return this.peers.get(room.id)?.name ?? 'Direct chat';
    return room.name ?? 'Untitled room';
  }

  typingIn(roomId: string): string[] {
    return [...(this.typing.get(roomId)?.keys() ?? [])];
  }

  // --- what the user does ---

  /** Optimistic: shown at once as pending, replaced by the stored message when it arrives. */
  send(roomId: string, body: string): void {
    const timeline = this.timeline(roomId);
    const pending = { clientId: newClientId(), body, failed: null as string | null };
    timeline.pending.push(pending);
    this.emit({ room: roomId });
    this.connection.send(roomId, body, { clientId: pending.clientId }).then(
      () => this.emit({ room: roomId }),
      (error: unknown) => {
        pending.failed = error instanceof Error ? error.message : String(error);
        this.emit({ room: roomId });
      },
    );
  }

  discard(roomId: string, clientId: string): void {
    const timeline = this.timeline(roomId);
    const index = timeline.pending.findIndex((send) => send.clientId === clientId);
    if (index !== -1) timeline.pending.splice(index, 1);
    this.emit({ room: roomId });
  }

  typed(roomId: string): void {
    this.connection.typing(roomId);
  }

  async edit(message: ChatMessage, body: string): Promise<void> {
    if (!this.connection.edit(message.id, body))
      this.stored(await this.client.rooms.editMessage(message.room_id, message.id, body));
  }

  async remove(message: ChatMessage): Promise<void> {
    if (!this.connection.delete(message.id))
      await this.client.rooms.deleteMessage(message.room_id, message.id);
  }

  /** The user has seen everything up to `seq` in the room: moves the read marker (never back). */
  async seen(roomId: string, seq: number): Promise<void> {
    const room = this.rooms.get(roomId);
    if (room === undefined || seq <= (room.last_read_seq ?? 0)) return;
    this.rooms.set(roomId, {
      ...room,
      last_read_seq: seq,
      unread_count: this.timeline(roomId).unreadAfter(seq, this.me.username),
    });
    this.emit('rooms');
    if (!this.connection.markRead(roomId, seq)) await this.client.rooms.markRead(roomId, seq);
  }

  /** A room the user now belongs to (created, joined, direct): listed and followed from its newest seq. */
  adopt(room: Room): void {
    this.rooms.set(room.id, room);
    this.connection.track(room.id, room.last_message?.seq ?? 0);
    if (room.kind === 'direct') void this.loadPeers([room]);
    this.emit('rooms');
  }

  async loadMembers(roomId: string): Promise<void> {
    this.members.set(roomId, await this.client.rooms.members(roomId));
    this.emit({ members: roomId });
  }

  // --- what the server says ---

  private listen(): void {
    const connection = this.connection;
    connection.on('message', (message) => this.stored(message));
    connection.on('message.updated', ({ message }) => this.stored(message));
    connection.on('typing', ({ room_id, username }) => this.showTyping(room_id, username));
    connection.on('read', ({ room_id, username, seq }) => {
      if (username === this.me.username) {
        // Our own marker: moved here already, unless another device of ours read further.
        if (seq > (this.rooms.get(room_id)?.last_read_seq ?? 0)) void this.refreshRoom(room_id);
        return;
      }
      const receipts = this.receipts.get(room_id) ?? new Map<string, number>();
      receipts.set(username, Math.max(seq, receipts.get(username) ?? 0));
      this.receipts.set(room_id, receipts);
      this.emit({ room: room_id });
    });
    connection.on('presence', ({ username, online, last_seen_at }) => {
      for (const [roomId, list] of this.members) {
        const index = list.findIndex((member) => member.username === username);
        if (index === -1) continue;
        list[index] = { ...list[index], online, last_seen_at };
        this.emit({ members: roomId });
      }
    });
    connection.on('room.updated', ({ room }) => {
      const mine = this.rooms.get(room.id);
      if (mine === undefined) return;
      // The caller's own fields (role, read marker, unread count) are not the broadcast's to change.
      const { role, last_read_seq, unread_count, last_message } = mine;
      this.rooms.set(room.id, { ...room, role, last_read_seq, unread_count, last_message });
      this.emit('rooms');
    });
    connection.on('room.member_joined', ({ room_id, username }) => this.membershipChanged(room_id, username));
    connection.on('room.member_updated', ({ room_id, username }) =>
      this.membershipChanged(room_id, username),
    );
    connection.on('room.member_left', ({ room_id, username }) => {
      if (username === this.me.username) return this.dropRoom(room_id);
      this.membershipChanged(room_id, username);
    });
    connection.on('room.deleted', ({ room_id }) => this.dropRoom(room_id));
    connection.on('open', ({ new_rooms, gone_rooms }) => {
      this.setLink('online');
      for (const roomId of gone_rooms ?? []) this.dropRoom(roomId);
      for (const roomId of new_rooms ?? []) if (!this.rooms.has(roomId)) void this.refreshRoom(roomId);
    });
    connection.on('closed', ({ code, reason, willReconnect }) => {
      if (willReconnect) return this.setLink('offline');
      this.ended = code === 1000 ? 'Signed out.' : `Signed out (${reason || code}).`;
      this.setLink('ended');
    });
  }

  private stored(message: ChatMessage): void {
    this.timeline(message.room_id).put(message);
    this.clearTyping(message.room_id, message.from.username);
    const room = this.rooms.get(message.room_id);
    if (room === undefined) return void this.refreshRoom(message.room_id);
    const newest = room.last_message === null || message.seq >= room.last_message.seq;
    const unread =
      message.from.username !== this.me.username &&
      !message.deleted &&
      message.seq > (room.last_read_seq ?? 0) &&
      message.seq > (room.last_message?.seq ?? 0);
    this.rooms.set(room.id, {
      ...room,
      last_message: newest ? message : room.last_message,
      unread_count: (room.unread_count ?? 0) + (unread ? 1 : 0),
    });
    this.emit('rooms');
    this.emit({ room: message.room_id });
  }

  private showTyping(roomId: string, username: string): void {
    if (username === this.me.username) return;
    const users = this.typing.get(roomId) ?? new Map<string, ReturnType<typeof setTimeout>>();
    clearTimeout(users.get(username));
    users.set(
      username,
      setTimeout(() => this.clearTyping(roomId, username), TYPING_SHOWN_MS),
    );
    this.typing.set(roomId, users);
    this.emit({ room: roomId });
  }

  private clearTyping(roomId: string, username: string): void {
    const users = this.typing.get(roomId);
    if (!users?.has(username)) return;
    clearTimeout(users.get(username));
    users.delete(username);
    this.emit({ room: roomId });
  }

  private membershipChanged(roomId: string, username: string): void {
    if (username === this.me.username || !this.rooms.has(roomId)) return void this.refreshRoom(roomId);
    if (this.members.has(roomId)) void this.loadMembers(roomId);
  }

  private dropRoom(roomId: string): void {
    this.rooms.delete(roomId);
    this.members.delete(roomId);
    this.emit('rooms');
  }

  /** Re-reads one room (unread count after a read on another device, a room joined elsewhere). */
  private async refreshRoom(roomId: string): Promise<void> {
    try {
      const room = await this.client.rooms.get(roomId);
      if (room.role === null) return this.dropRoom(roomId);
      if (this.rooms.has(roomId)) {
        this.rooms.set(roomId, room);
        this.emit('rooms');
      } else this.adopt(room);
    } catch {
      this.dropRoom(roomId);
    }
  }

  private async loadPeers(rooms: Room[]): Promise<void> {
    for (const room of rooms.filter((r) => r.kind === 'direct' && !this.peers.has(r.id))) {
      const members = await this.client.rooms.members(room.id).catch(() => []);
      const peer = members.find((member) => member.username !== this.me.username) ?? members[0];
      if (peer) this.peers.set(room.id, { username: peer.username, name: peer.name });
    }
    this.emit('rooms');
  }

  private setLink(link: LinkState): void {
    this.link = link;
    this.emit('connection');
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}
