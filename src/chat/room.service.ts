// Creating, listing, discovering, editing and deleting rooms (API.md §5).
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { RoomNotFoundError } from './chat.errors.js';
import type { ChatCaller } from './chat-caller.js';
import { toRoomResponse, toSharedRoomView, type RoomResponse } from './dto/room.response.js';
import { RoomMember } from './entities/room-member.entity.js';
import { Room, type RoomVisibility } from './entities/room.entity.js';
import { isUuid, MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';
import { myRooms, publicRoomIds, roomById, roomsById } from './room-views.js';

export interface NewRoom {
  name: string;
  topic?: string | null;
  visibility?: RoomVisibility;
}

export interface RoomChanges {
  name?: string;
  topic?: string | null;
  visibility?: RoomVisibility;
}

export interface PublicRoomQuery {
  q?: string;
  limit: number;
  /** Id of the last room of the previous page. */
  after?: string;
}

@Injectable()
export class RoomService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RoomEvents) private readonly events: RoomEvents,
  ) {}

  /** A group room with the caller as owner. */
  async create(caller: ChatCaller, input: NewRoom): Promise<RoomResponse> {
    const roomId = await this.dataSource.transaction(async (em) => {
      const room = await em.save(
        em.create(Room, {
          kind: 'group',
          visibility: input.visibility ?? 'private',
          name: input.name,
          nameKey: input.name.toLowerCase(),
          topic: input.topic ?? null,
          directKey: null,
        }),
      );
      await em.insert(RoomMember, { roomId: room.id, userId: caller.userId, role: 'owner' });
      return room.id;
    });
    this.events.memberJoined({ roomId, userId: caller.userId, username: caller.username }, 'owner');
    return this.view(caller.userId, roomId);
  }

  /** The caller's rooms, most recent activity first. */
  async listMine(caller: ChatCaller): Promise<RoomResponse[]> {
    return (await myRooms(this.dataSource.manager, caller.userId)).map(toRoomResponse);
  }

  /** Public rooms by name (case-insensitive prefix `q`), ordered by name then id. */
  async discover(caller: ChatCaller, query: PublicRoomQuery): Promise<RoomResponse[]> {
    let after: { nameKey: string; id: string } | null = null;
    if (query.after !== undefined) {
      const cursor = isUuid(query.after)
        ? await this.dataSource.manager.findOneBy(Room, { id: query.after, visibility: 'public' })
        : null;
      if (!cursor?.nameKey) throw new ValidationFailedError('after must be the id of a public room');
      after = { nameKey: cursor.nameKey, id: cursor.id };
    }
    const ids = await publicRoomIds(this.dataSource.manager, {
      prefix: query.q ?? '',
      after,
      limit: query.limit,
    });
    return (await roomsById(this.dataSource.manager, caller.userId, ids)).map(toRoomResponse);
  }

  async details(caller: ChatCaller, roomId: string): Promise<RoomResponse> {
    await this.membership.require('view', caller.userId, roomId);
    return this.view(caller.userId, roomId);
  }

  async update(caller: ChatCaller, roomId: string, changes: RoomChanges): Promise<RoomResponse> {
    await this.membership.require('edit', caller.userId, roomId);
    const set: Partial<Room> = {};
    if (changes.name !== undefined)
      Object.assign(set, { name: changes.name, nameKey: changes.name.toLowerCase() });
    if (changes.topic !== undefined) set.topic = changes.topic;
    if (changes.visibility !== undefined) set.visibility = changes.visibility;
    if (Object.keys(set).length > 0) {
      await this.dataSource.manager.update(Room, { id: roomId }, set);
      const shared = await roomById(this.dataSource.manager, caller.userId, roomId);
      if (shared) this.events.roomUpdated(toRoomResponse(toSharedRoomView(shared)));
    }
    return this.view(caller.userId, roomId);
  }

  /** Deletes the room with its members and messages (owner only). */
  async remove(caller: ChatCaller, roomId: string): Promise<void> {
    await this.membership.require('delete', caller.userId, roomId);
    const formerMembers = await this.deleteRoom(roomId);
    this.events.roomDeleted(roomId, formerMembers);
  }

  /** Deletes a room (cascading members and messages); returns who belonged to it. */
  async deleteRoom(roomId: string): Promise<string[]> {
    const formerMembers = await this.dataSource.transaction(async (em) => {
      const rows = await em.query<
        {
          user_id: string;
        }[]
      >('SELECT user_id FROM room_members WHERE room_id = $1', [roomId]);
      await em.delete(Room, { id: roomId });
      return rows.map((r) => r.user_id);
    });
    this.membership.invalidate(roomId);
    return formerMembers;
  }

  async view(viewerId: string, roomId: string): Promise<RoomResponse> {
    const view = await roomById(this.dataSource.manager, viewerId, roomId);
    if (!view) throw new RoomNotFoundError();
    return toRoomResponse(view);
  }
}
