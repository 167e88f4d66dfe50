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
import { RoomMembersController } from './room-members.controller.js';
import { RoomMembersService } from './room-members.service.js';
import { RoomService } from './room.service.js';
import { RoomsController } from './rooms.controller.js';
import { TypingService } from './typing.service.js';

/** Rooms, direct rooms, blocks, messages, read markers, typing and presence announcements (API.md §5, §6 events). */
@Module({
  imports: [UsersModule],
  controllers: [RoomsController, RoomMembersController, MessagesController, DmController, BlocksController],
  providers: [
    BlockService,
    RoomBroadcast,
    RoomEvents,
    MembershipService,
    RoomService,
    RoomMembersService,
    DirectRoomService,
    MessageStore,
    MessageAccess,
    MessageService,
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
    ReadMarkerService,
    TypingService,
    PresenceAnnouncer,
    RoomEvents,
    RoomBroadcast,
  ],
})
export class ChatModule {}
