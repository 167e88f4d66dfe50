import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { silencedIn } from './block-queries.js';
import type { ChatCaller } from './chat-caller.js';
import { MembershipService } from './membership.service.js';
import { RoomEvents } from './room-events.js';

/**
 * Typing notices: checked against the cached member list, published, never stored; dropped in a direct
 * room whose other member blocks the typist (one index lookup, nothing read for a typist nobody blocks).
 */
@Injectable()
export class TypingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RoomEvents) private readonly events: RoomEvents,
  ) {}

  async typing(caller: ChatCaller, roomId: string): Promise<void> {
    await this.membership.requireMember('typing', caller.userId, roomId);
    if (await silencedIn(this.dataSource.manager, roomId, caller.userId)) return;
    this.events.typing(roomId, caller.username);
  }
}
