// The sidebar: the account, the caller's rooms (unread counts, last message), making a room, finding
// public rooms to join and people to message directly.
import type { Room } from '../../client/src/index.js';
import type { ChatState } from './chat-state.js';
import { field, fill, h } from './dom.js';
import { describeError } from './errors.js';

export interface RoomsPanel {
  element: HTMLElement;
  dispose(): void;
}

export function roomsPanel(
  state: ChatState,
  open: (roomId: string) => void,
  signOut: () => void,
): RoomsPanel {
  const list = h('ul', { class: 'rooms-list' });
  const render = (): void => {
    const rooms = state.sortedRooms();
    fill(
      list,
      rooms.length === 0 ? h('li', { class: 'empty' }, 'No rooms yet: make one or find one below.') : null,
      ...rooms.map((room) => roomLink(state, room, open)),
    );
  };
  const unsubscribe = state.on((change) => {
    if (change === 'rooms') render();
  });
  render();
  const element = h(
    'nav',
    { class: 'rooms-panel', 'aria-label': 'Rooms' },
    account(state, signOut),
    h('h2', {}, 'Rooms'),
    list,
    createRoom(state, open),
    discoverRooms(state, open),
    directMessage(state, open),
  );
  return { element, dispose: unsubscribe };
}

function roomLink(state: ChatState, room: Room, open: (roomId: string) => void): HTMLLIElement {
  const name = state.roomName(room);
  const unread = room.unread_count ?? 0;
  const last = room.last_message;
  const preview =
    last === null
      ? 'No messages yet'
      : last.deleted
        ? 'Message deleted'
        : `${last.from.name}: ${last.body ?? ''}`;
  return h(
    'li',
    {},
    h(
      'button',
      {
        type: 'button',
        class: 'room-link',
        'aria-current': state.openRoomId === room.id ? 'true' : null,
        'data-room': room.id,
        onclick: () => open(room.id),
      },
      h(
        'span',
        { class: 'room-name' },
        name,
        room.visibility === 'public' && room.kind === 'group' ? h('span', { class: 'tag' }, ' public') : null,
      ),
      h('span', { class: 'preview' }, preview),
      unread > 0 ? h('span', { class: 'badge', 'aria-label': `${unread} unread` }, String(unread)) : null,
    ),
  );
}

function account(state: ChatState, signOut: () => void): HTMLElement {
  const status = h('p', { class: 'status', role: 'status' });
  const others = h('button', { type: 'button' }, 'Log out other devices');
  others.addEventListener('click', () => {
    others.disabled = true;
    state.client.session
      .logoutOthers()
      .then(
        ({ revoked }) =>
          (status.textContent = `Signed out ${revoked} other session${revoked === 1 ? '' : 's'}.`),
        (error: unknown) => (status.textContent = describeError(error)),
      )
      .finally(() => (others.disabled = false));
  });
  return h(
    'section',
    { class: 'account', 'aria-label': 'Account' },
    h('p', {}, 'Signed in as ', h('strong', {}, state.me.name), ` (@${state.me.username})`),
    h('div', { class: 'row' }, h('button', { type: 'button', onclick: signOut }, 'Sign out'), others),
    status,
  );
}

/** A collapsible tool with a form and a status line for its result. */
function tool(summary: string, ...content: (HTMLElement | null)[]): HTMLDetailsElement {
  return h('details', { class: 'tool' }, h('summary', {}, summary), ...content);
}

function createRoom(state: ChatState, open: (roomId: string) => void): HTMLElement {
  const name = field('Room name', { name: 'room-name', required: true, maxlength: 100 });
  const topic = field('Topic (optional)', { name: 'room-topic', maxlength: 500 });
  const status = h('p', { class: 'status', role: 'status' });
  const visibility = h(
    'fieldset',
    {},
    h('legend', {}, 'Who can join'),
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'visibility', value: 'private', checked: true }),
      'Private: members add people',
    ),
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'visibility', value: 'public' }),
      'Public: anyone can find and join',
    ),
  );
  const form = h(
    'form',
    { 'aria-label': 'New room' },
    name.wrapper,
    topic.wrapper,
    visibility,
    h('button', { type: 'submit' }, 'Create room'),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[name=visibility]:checked')?.value;
    const input = {
      name: name.input.value.trim(),
      visibility: chosen === 'public' ? ('public' as const) : ('private' as const),
      ...(topic.input.value.trim() ? { topic: topic.input.value.trim() } : {}),
    };
    state.client.rooms.create(input).then(
      (room) => {
        form.reset();
        status.textContent = '';
        state.adopt(room);
        open(room.id);
      },
      (error: unknown) => (status.textContent = describeError(error)),
    );
  });
  return tool('New room', form);
}

/** A search box and its results list, each result with one action button. */
function search<T>(
  label: string,
  find: (query: string) => Promise<T[]>,
  describe: (item: T) => { text: string; action: string; run: () => Promise<void> },
): HTMLElement {
  const query = field(label, { name: label.toLowerCase().replace(/\W+/g, '-'), type: 'search' });
  const results = h('ul', { class: 'results' });
  const status = h('p', { class: 'status', role: 'status' });
  const form = h(
    'form',
    { class: 'inline', role: 'search', 'aria-label': label },
    query.wrapper,
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    find(query.input.value.trim()).then(
      (items) => {
        status.textContent = items.length === 0 ? 'Nothing found.' : '';
        fill(
          results,
          ...items.map((item) => {
            const { text, action, run } = describe(item);
            const button = h('button', { type: 'button' }, action);
            button.addEventListener('click', () => {
              button.disabled = true;
              run().catch((error: unknown) => {
                button.disabled = false;
                status.textContent = describeError(error);
              });
            });
            return h('li', {}, h('span', {}, text), button);
          }),
        );
      },
      (error: unknown) => (status.textContent = describeError(error)),
    );
  });
  return h('div', {}, form, results, status);
}

function discoverRooms(state: ChatState, open: (roomId: string) => void): HTMLElement {
  return tool(
    'Public rooms',
    search(
      'Search public rooms',
      (q) => state.client.rooms.discover(q ? { q } : {}),
      (room) => ({
        text: `${room.name ?? 'Untitled'} · ${room.member_count} member${room.member_count === 1 ? '' : 's'}`,
        action: state.rooms.has(room.id) ? `Open ${room.name ?? ''}` : `Join ${room.name ?? ''}`,
        run: async () => {
          if (!state.rooms.has(room.id)) state.adopt(await state.client.rooms.join(room.id));
          open(room.id);
        },
      }),
    ),
  );
}

function directMessage(state: ChatState, open: (roomId: string) => void): HTMLElement {
  return tool(
    'Direct message',
    search(
      'Find people',
      async (q) =>
        (await state.client.users.list(q ? { q, limit: 20 } : { limit: 20 })).filter(
          (user) => user.username !== state.me.username,
        ),
      (user) => ({
        text: `${user.name} (@${user.username})`,
        action: `Message ${user.name}`,
        run: async () => {
          const room = await state.client.rooms.direct(user.username);
          state.peers.set(room.id, { username: user.username, name: user.name });
          if (!state.rooms.has(room.id)) state.adopt(room);
          open(room.id);
        },
      }),
    ),
  );
}
