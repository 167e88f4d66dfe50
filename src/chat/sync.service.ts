// Catching up after time away (API.md §6 `resume`, §5 `changed_since`): what a client missed, cut at a
// change position known to be fully committed (CommittedPosition), and the cursor to pass next time.
// Both stay bounded (500 per room on resume, `limit` on REST) and are index range scans
// (test/chat-indexes.e2e-spec.ts).
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CommittedPosition } from './committed-position.js';
import { toMessageResponse, type MessageResponse } from './dto/message.response.js';
import { changesCursor, MAX_SEQ, type HistoryQueryInput } from './history-cursor.js';
import { isUuid, MembershipService } from './membership.service.js';
import { changedMessages, historyPage } from './message-queries.js';
import { decodeSyncCursor, encodeSyncCursor, maxPosition, type ChangePosition } from './sync-cursor.js';

/** Per room and per kind (missed messages, edits): more → the room is in `truncatedRooms`. */
export const RESUME_MAX_PER_ROOM = 500;

export interface ResumeReplay {
  /** In send order: per room its edits and deletions (`message.updated`), then its missed `message`s. */
  frames: { event: 'message' | 'message.updated'; message: MessageResponse }[];
  truncatedRooms: string[];
  cursor: string;
  newRooms: string[];
  goneRooms: string[];
}

export interface ChangesPage {
  messages: MessageResponse[];
  cursor: string;
  has_more: boolean;
}

@Injectable()
export class SyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(CommittedPosition) private readonly committed: CommittedPosition,
  ) {}

  /**
   * `rooms` maps room ids to the last seq seen; `since` is an earlier `resume.done` cursor. Rooms of the
   * map the user no longer belongs to are `goneRooms` (malformed ids are skipped); rooms the user belongs
   * to that the map leaves out are `newRooms`.
   */
  async resume(userId: string, rooms: Record<string, number>, since?: string): Promise<ResumeReplay> {
    const after = since === undefined ? null : decodeSyncCursor(since, 'since');
    // Cut before reading: whatever commits later has a higher position and comes with the next cursor.
    const upTo = await this.committed.current();
    const memberOf = new Set(await this.membership.roomIdsOf(userId));
    const listed = new Set(Object.keys(rooms).map((roomId) => roomId.toLowerCase()));
    const replay: ResumeReplay = {
      frames: [],
      truncatedRooms: [],
      cursor: encodeSyncCursor(after === null ? upTo : maxPosition(after, upTo)),
      newRooms: [...memberOf].filter((roomId) => !listed.has(roomId)),
      goneRooms: [],
    };
    for (const [roomId, lastSeq] of Object.entries(rooms)) {
      if (!isUuid(roomId)) continue;
      if (!memberOf.has(roomId.toLowerCase())) {
        replay.goneRooms.push(roomId);
        continue;
      }
      const seen = Math.min(Math.max(lastSeq, 0), MAX_SEQ);
      const edits = after === null || after >= upTo ? [] : await this.editsOf(roomId, seen, after, upTo);
      const missed = await historyPage(this.dataSource.manager, roomId, {
        direction: 'after',
        seq: seen,
        limit: RESUME_MAX_PER_ROOM + 1,
      });
      if (edits.length > RESUME_MAX_PER_ROOM || missed.length > RESUME_MAX_PER_ROOM)
        replay.truncatedRooms.push(roomId);
      for (const message of edits.slice(0, RESUME_MAX_PER_ROOM))
        replay.frames.push({ event: 'message.updated', message });
      for (const view of missed.slice(0, RESUME_MAX_PER_ROOM))
        replay.frames.push({ event: 'message', message: toMessageResponse(view) });
    }
    return replay;
  }

  /** REST `changed_since`: the room's messages inserted, edited or deleted after the cursor. */
  async changedSince(
    userId: string,
    roomId: string,
    query: HistoryQueryInput & { changed_since: string },
  ): Promise<ChangesPage> {
    const { since, limit } = changesCursor(query);
    await this.membership.requireMember('readHistory', userId, roomId);
    const upTo = await this.committed.current();
    if (since >= upTo) return { messages: [], cursor: encodeSyncCursor(since), has_more: false };
    const changes = await changedMessages(this.dataSource.manager, {
      roomId,
      after: since,
      upTo,
      limit: limit + 1,
    });
    const page = changes.slice(0, limit);
    const hasMore = changes.length > limit;
    return {
      messages: page.map((change) => toMessageResponse(change.message)),
      // A full page continues after its last change; a last page ends at the committed position.
      cursor: encodeSyncCursor(hasMore ? (page.at(-1)?.position ?? since) : upTo),
      has_more: hasMore,
    };
  }

  /** Messages at or below `seq` edited or deleted in (after, upTo], one more than the bound. */
  private async editsOf(
    roomId: string,
    seq: number,
    after: ChangePosition,
    upTo: ChangePosition,
  ): Promise<MessageResponse[]> {
    const changes = await changedMessages(this.dataSource.manager, {
      roomId,
      after,
      upTo,
      limit: RESUME_MAX_PER_ROOM + 1,
      atOrBelowSeq: seq,
    });
    return changes.map((change) => toMessageResponse(change.message));
  }
}
