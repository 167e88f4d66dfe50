import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { BlockService } from './block.service.js';
import { BlocksController } from './blocks.controller.js';
import { DirectRoomService } from './direct-room.service.js';
import { DmController } from './dm.controller.js';
import { MembershipService } from './membership.service.js';
import { MessageAccess } from './message-access.js';
import { MessageService } from './message.service.js';
import { MessageStore } from './message-store.js';
import { MessagesController } from './messages.controller.js';
import { PresenceAnnouncer } from './presence-announcer.js';
import { ReadMarkerService } from './read-marker.service.js';
import { RoomBroadcast } from './room-broadcast.js';
import { RoomEvents } from './room-events.js';
import { RoomBansController } from './room-bans.controller.js';
import { RoomBansService } from './room-bans.service.js';
import { RoomMembersController } from './room-members.controller.js';
import { RoomMembersService } from './room-members.service.js';
import { RoomService } from './room.service.js';
import { RoomsController } from './rooms.controller.js';
import { TypingService } from './typing.service.js';
import { CommittedPosition } from './committed-position.js';
import { SyncService } from './sync.service.js';

/** Rooms, direct rooms, blocks, messages, read markers, typing and presence announcements (API.md §5, §6 events). */
@Module({
  imports: [UsersModule],
  controllers: [
    RoomsController,
    RoomMembersController,
    RoomBansController,
    MessagesController,
    DmController,
    BlocksController,
  ],
  providers: [
    BlockService,
    RoomBroadcast,
    RoomEvents,
    MembershipService,
    RoomService,
    RoomMembersService,
    RoomBansService,
    DirectRoomService,
    MessageStore,
    MessageAccess,
    MessageService,
    CommittedPosition,
    SyncService,
    ReadMarkerService,
    TypingService,
    PresenceAnnouncer,
  ],
  exports: [
    MembershipService,
    RoomService,
    RoomMembersService,
    DirectRoomService,
    MessageService,
    MessageAccess,
    SyncService,
    ReadMarkerService,
    TypingService,
    PresenceAnnouncer,
    RoomEvents,
    RoomBroadcast,
  ],
})
export class ChatModule {}
