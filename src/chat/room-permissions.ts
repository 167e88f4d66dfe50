// The §5 permission table as data plus one pure function, so REST and WS share it and a unit spec
// covers it whole. Modules add their own room actions: augment `RoomActionMap` with the name and
// register its rule once with `defineRoomAction` (see src/reactions/ for the worked example).
import type { RoomRole } from './entities/room-member.entity.js';
import type { RoomKind, RoomVisibility } from './entities/room.entity.js';
import {
  ChatForbiddenError,
  DirectRoomFixedError,
  NotAMemberError,
  RoomNotFoundError,
  type ChatError,
} from './chat.errors.js';

/** The actions of API.md §5. */
interface CoreRoomActions {
  view: true;
  join: true;
  edit: true;
  delete: true;
  leave: true;
  addMember: true;
  removeMember: true;
  changeRole: true;
  ban: true;
  unban: true;
  listBans: true;
  listMembers: true;
  readHistory: true;
  send: true;
  markRead: true;
  typing: true;
}

/** Every room action by name (the value type is unused). Modules augment it with theirs. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface RoomActionMap extends CoreRoomActions {}

export type CoreRoomAction = Extract<keyof CoreRoomActions, string>;
export type RoomAction = Extract<keyof RoomActionMap, string>;

export interface AccessContext {
  kind: RoomKind;
  visibility: RoomVisibility;
  /** The caller's role, or null when the caller is not a member. */
  role: RoomRole | null;
}

/** Who may do an action. Non-members are refused (404 private, 403 public) unless `openToPublic`. */
export interface RoomRule {
  /** The lowest role allowed; default `member`. */
  minRole?: RoomRole;
  /** Non-members may do it in a public room (what the public sees without joining). */
  openToPublic?: boolean;
  /** Refused in direct rooms: their membership and settings never change. */
  fixedInDirect?: boolean;
  /** Also allowed below `minRole` when this holds. */
  orWhen?: (ctx: AccessContext) => boolean;
}

const RANK: Record<RoomRole, number> = { member: 1, admin: 2, owner: 3 };

const RULES = new Map<string, RoomRule>();

/** Registers the rule of an action; each action once. */
export function defineRoomAction(action: RoomAction, rule: RoomRule): void {
  if (RULES.has(action)) throw new Error(`room action "${action}" is defined twice`);
  RULES.set(action, rule);
}

defineRoomAction('view', { openToPublic: true });
defineRoomAction('join', { openToPublic: true });
defineRoomAction('edit', { minRole: 'admin', fixedInDirect: true });
defineRoomAction('delete', { minRole: 'owner', fixedInDirect: true });
defineRoomAction('leave', { fixedInDirect: true });
defineRoomAction('addMember', {
  minRole: 'admin',
  fixedInDirect: true,
  orWhen: (ctx) => ctx.visibility === 'public',
});
defineRoomAction('removeMember', { minRole: 'admin', fixedInDirect: true });
defineRoomAction('changeRole', { minRole: 'owner', fixedInDirect: true });
// Bans: owner and admin; who may be banned ("not above own role") is `canRemove` on the target's role.
for (const action of ['ban', 'unban', 'listBans'] as const)
  defineRoomAction(action, { minRole: 'admin', fixedInDirect: true });
for (const action of ['listMembers', 'readHistory', 'send', 'markRead', 'typing'] as const)
  defineRoomAction(action, {});

/** Returns the error the caller gets, or null when the action is allowed. */
export function denialFor(action: RoomAction, ctx: AccessContext): ChatError | null {
  const rule = RULES.get(action);
  if (!rule) throw new Error(`room action "${action}" has no rule (defineRoomAction)`);
  if (ctx.role === null) {
    if (ctx.visibility === 'private') return new RoomNotFoundError();
    return rule.openToPublic ? null : new NotAMemberError();
  }
  if (ctx.kind === 'direct' && rule.fixedInDirect) return new DirectRoomFixedError();
  const floor = rule.minRole ?? 'member';
  if (atLeast(ctx.role, floor) || rule.orWhen?.(ctx)) return null;
  return floor === 'owner' ? new ChatForbiddenError('only the owner can do this') : new ChatForbiddenError();
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
