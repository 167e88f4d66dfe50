// The §5 permission table as one pure function, so REST and WS share it and a unit spec covers it whole.
import type { RoomRole } from './entities/room-member.entity.js';
import type { RoomKind, RoomVisibility } from './entities/room.entity.js';
import {
  ChatForbiddenError,
  DirectRoomFixedError,
  NotAMemberError,
  RoomNotFoundError,
  type ChatError,
} from './chat.errors.js';

export type RoomAction =
  | 'view'
  | 'join'
  | 'edit'
  | 'delete'
  | 'leave'
  | 'addMember'
  | 'removeMember'
  | 'changeRole'
  | 'listMembers'
  | 'readHistory'
  | 'send'
  | 'markRead'
  | 'typing';

export interface AccessContext {
  kind: RoomKind;
  visibility: RoomVisibility;
  /** The caller's role, or null when the caller is not a member. */
  role: RoomRole | null;
}

const RANK: Record<RoomRole, number> = { member: 1, admin: 2, owner: 3 };

/** Membership and settings of a direct room never change: it is the pair's conversation. */
const FIXED_IN_DIRECT = new Set<RoomAction>([
  'edit',
  'delete',
  'leave',
  'addMember',
  'removeMember',
  'changeRole',
]);

/** What the public sees of a public room without joining it. */
const OPEN_TO_NON_MEMBERS_OF_PUBLIC = new Set<RoomAction>(['view', 'join']);

/** Returns the error the caller gets, or null when the action is allowed. */
export function denialFor(action: RoomAction, ctx: AccessContext): ChatError | null {
  if (ctx.role === null) {
    if (ctx.visibility === 'private') return new RoomNotFoundError();
    return OPEN_TO_NON_MEMBERS_OF_PUBLIC.has(action) ? null : new NotAMemberError();
  }
  if (ctx.kind === 'direct' && FIXED_IN_DIRECT.has(action)) return new DirectRoomFixedError();
  switch (action) {
    case 'edit':
    case 'removeMember':
      return atLeast(ctx.role, 'admin') ? null : new ChatForbiddenError();
    case 'addMember':
      return ctx.visibility === 'public' || atLeast(ctx.role, 'admin') ? null : new ChatForbiddenError();
    case 'delete':
    case 'changeRole':
      return ctx.role === 'owner' ? null : new ChatForbiddenError('only the owner can do this');
    case 'view':
    case 'join':
    case 'leave':
    case 'listMembers':
    case 'readHistory':
    case 'send':
    case 'markRead':
    case 'typing':
      return null;
  }
}

export function authorize(action: RoomAction, ctx: AccessContext): void {
  const denial = denialFor(action, ctx);
  if (denial) throw denial;
}

export function atLeast(role: RoomRole, floor: RoomRole): boolean {
  return RANK[role] >= RANK[floor];
}

/** An owner or admin removes members at or below their own role ("not above own role"). */
export function canRemove(actor: RoomRole, target: RoomRole): boolean {
  return atLeast(actor, 'admin') && RANK[target] <= RANK[actor];
}

/** The author, or an admin or owner of the room, may delete a message. */
export function canDeleteMessage(role: RoomRole, isAuthor: boolean): boolean {
  return isAuthor || atLeast(role, 'admin');
}
