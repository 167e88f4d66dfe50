import { describe, expect, it } from '@jest/globals';
import type { RoomRole } from './entities/room-member.entity.js';
import type { RoomVisibility } from './entities/room.entity.js';
import {
  canDeleteMessage,
  canRemove,
  defineRoomAction,
  denialFor,
  type CoreRoomAction,
  type RoomAction,
} from './room-permissions.js';

type Who = RoomRole | 'none';
const WHO: Who[] = ['owner', 'admin', 'member', 'none'];

/** Expected code per action, role and visibility of a group room (API.md §5); 'ok' = allowed. */
const GROUP_MATRIX: Record<CoreRoomAction, Record<RoomVisibility, Record<Who, string>>> = {
  view: {
    private: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'ok' },
  },
  join: {
    private: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'ok' },
  },
  edit: {
    private: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_A_MEMBER' },
  },
  delete: {
    private: { owner: 'ok', admin: 'FORBIDDEN', member: 'FORBIDDEN', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'FORBIDDEN', member: 'FORBIDDEN', none: 'NOT_A_MEMBER' },
  },
  leave: {
    private: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_A_MEMBER' },
  },
  addMember: {
    private: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_A_MEMBER' },
  },
  removeMember: {
    private: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_A_MEMBER' },
  },
  changeRole: {
    private: { owner: 'ok', admin: 'FORBIDDEN', member: 'FORBIDDEN', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'FORBIDDEN', member: 'FORBIDDEN', none: 'NOT_A_MEMBER' },
  },
  ban: {
    private: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_A_MEMBER' },
  },
  unban: {
    private: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_A_MEMBER' },
  },
  listBans: {
    private: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'FORBIDDEN', none: 'NOT_A_MEMBER' },
  },
  listMembers: {
    private: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_A_MEMBER' },
  },
  readHistory: {
    private: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_A_MEMBER' },
  },
  send: {
    private: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_A_MEMBER' },
  },
  markRead: {
    private: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_A_MEMBER' },
  },
  typing: {
    private: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_FOUND' },
    public: { owner: 'ok', admin: 'ok', member: 'ok', none: 'NOT_A_MEMBER' },
  },
};

const outcome = (action: RoomAction, kind: 'group' | 'direct', visibility: RoomVisibility, who: Who) =>
  denialFor(action, { kind, visibility, role: who === 'none' ? null : who })?.code ?? 'ok';

describe('room permission matrix (API.md §5)', () => {
  const cases = (Object.keys(GROUP_MATRIX) as RoomAction[]).flatMap((action) =>
    (['private', 'public'] as RoomVisibility[]).flatMap((visibility) =>
      WHO.map((who) => [action, visibility, who, GROUP_MATRIX[action][visibility][who]] as const),
    ),
  );

  it.each(cases)('group %s in a %s room by %s → %s', (action, visibility, who, expected) => {
    expect(outcome(action, 'group', visibility, who)).toBe(expected);
  });

  it.each([
    'edit',
    'delete',
    'leave',
    'addMember',
    'removeMember',
    'changeRole',
    'ban',
    'unban',
    'listBans',
  ] as RoomAction[])('a member of a direct room gets DIRECT_ROOM_FIXED for %s', (action) => {
    expect(outcome(action, 'direct', 'private', 'member')).toBe('DIRECT_ROOM_FIXED');
  });

  it('a direct room is invisible to anyone else', () => {
    expect(outcome('addMember', 'direct', 'private', 'none')).toBe('NOT_FOUND');
    expect(outcome('send', 'direct', 'private', 'member')).toBe('ok');
  });

  it('removal is never above one’s own role', () => {
    expect(canRemove('owner', 'admin')).toBe(true);
    expect(canRemove('admin', 'admin')).toBe(true);
    expect(canRemove('admin', 'member')).toBe(true);
    expect(canRemove('admin', 'owner')).toBe(false);
    expect(canRemove('member', 'member')).toBe(false);
  });

  it('a message is deleted by its author, an admin or the owner', () => {
    expect(canDeleteMessage('member', true)).toBe(true);
    expect(canDeleteMessage('member', false)).toBe(false);
    expect(canDeleteMessage('admin', false)).toBe(true);
    expect(canDeleteMessage('owner', false)).toBe(true);
  });

  describe('actions defined by modules', () => {
    const group = { kind: 'group' as const, visibility: 'public' as const };

    it('follow the rule they were defined with', () => {
      defineRoomAction('spec.pin' as RoomAction, { minRole: 'admin' });
      expect(denialFor('spec.pin' as RoomAction, { ...group, role: 'admin' })).toBeNull();
      expect(denialFor('spec.pin' as RoomAction, { ...group, role: 'member' })?.code).toBe('FORBIDDEN');
      expect(denialFor('spec.pin' as RoomAction, { ...group, role: null })?.code).toBe('NOT_A_MEMBER');
    });

    it('are defined once, and an undefined one is a programming error', () => {
      expect(() => defineRoomAction('send', {})).toThrow(/defined twice/);
      expect(() => denialFor('spec.nothing' as RoomAction, { ...group, role: 'owner' })).toThrow(/no rule/);
    });
  });
});
