// A room's members with their roles and presence (kept live by `presence` and membership events),
// and adding someone where the caller may.
import type { Member, Room } from '../../client/src/index.js';
import type { ChatState } from './chat-state.js';
import { field, fill, h, timeOf } from './dom.js';
import { describeError } from './errors.js';

export interface MembersPanel {
  element: HTMLElement;
  refresh(): Promise<void>;
  dispose(): void;
}

function presence(member: Member): string {
  if (member.online) return 'online';
  return member.last_seen_at ? `last seen ${timeOf(member.last_seen_at)}` : 'offline';
}

export function membersPanel(state: ChatState, room: Room): MembersPanel {
  const list = h('ul', { class: 'members-list' });
  const status = h('p', { class: 'status', role: 'status' });
  const canAdd =
    room.kind === 'group' && (room.role === 'owner' || room.role === 'admin' || room.visibility === 'public');
  const username = field('Username', { name: 'member', required: true, autocomplete: 'off' });
  const addForm = canAdd
    ? h(
        'form',
        { class: 'inline', 'aria-label': 'Add a member' },
        username.wrapper,
        h('button', { type: 'submit' }, 'Add'),
      )
    : null;
  addForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    state.client.rooms.addMember(room.id, username.input.value.trim().toLowerCase()).then(
      async (member) => {
        username.input.value = '';
        status.textContent = `${member.name} was added.`;
        await state.loadMembers(room.id);
      },
      (error: unknown) => (status.textContent = describeError(error)),
    );
  });

  const render = (): void => {
    const members = state.members.get(room.id) ?? [];
    fill(
      list,
      ...members.map((member) =>
        h(
          'li',
          { class: member.online ? 'online' : 'offline' },
          h('span', { class: 'dot', 'aria-hidden': 'true' }),
          h(
            'span',
            { class: 'who' },
            `${member.name} `,
            h('span', { class: 'handle' }, `@${member.username}`),
          ),
          h('span', { class: 'role' }, member.role),
          h('span', { class: 'presence' }, presence(member)),
        ),
      ),
    );
  };
  const unsubscribe = state.on((change) => {
    if (typeof change === 'object' && 'members' in change && change.members === room.id) render();
  });
  return {
    element: h(
      'section',
      { class: 'members', 'aria-label': 'Members' },
      h('h3', {}, 'Members'),
      list,
      addForm,
      status,
    ),
    refresh: () =>
      state.loadMembers(room.id).catch((error: unknown) => void (status.textContent = describeError(error))),
    dispose: unsubscribe,
  };
}
