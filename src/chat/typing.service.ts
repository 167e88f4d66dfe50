import { Inject, Injectable } from '@nestjs/common';
import type { ChatCaller } from './chat-caller.js';
import { MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';

/** Typing notices: checked against the cached member list, published, never stored. */
@Injectable()
export class TypingService {
  constructor(
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RoomEvents) private readonly events: RoomEvents,
  ) {}

  async typing(caller: ChatCaller, roomId: string): Promise<void> {
    await this.membership.requireMember('typing', caller.userId, roomId);
    this.events.typing(roomId, caller.username);
  }
}
