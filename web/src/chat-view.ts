// The signed-in screen: rooms on the side, the open room in the middle (one at a time at phone width),
// and a banner while the connection is down.
import type { ChatState } from './chat-state.js';
import { fill, h } from './dom.js';
import { roomsPanel } from './rooms-panel.js';
import { roomView, type RoomView } from './room-view.js';

export function chatView(state: ChatState, signOut: () => void): HTMLElement {
  const banner = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite' });
  const main = h('main', { class: 'room-pane' });
  const shell = h('div', { class: 'chat', 'data-showing': 'rooms' });
  let current: RoomView | null = null;

  const showRooms = (): void => {
    shell.dataset.showing = 'rooms';
    shell.querySelector<HTMLElement>(`[data-room="${state.openRoomId ?? ''}"]`)?.focus();
  };
  const open = (roomId: string): void => {
    const room = state.rooms.get(roomId);
    if (room === undefined) return;
    current?.dispose();
    state.openRoomId = roomId;
    current = roomView(state, room, showRooms);
    fill(main, current.element);
    shell.dataset.showing = 'room';
    history.replaceState(null, '', `#room=${roomId}`);
    panel.element.querySelectorAll('.room-link').forEach((link) => {
      if ((link as HTMLElement).dataset.room === roomId) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    });
  };
  const panel = roomsPanel(state, open, signOut);

  const showLink = (): void => {
    banner.hidden = state.link !== 'offline';
    banner.textContent = state.link === 'offline' ? 'Offline — reconnecting…' : '';
    shell.classList.toggle('offline', state.link === 'offline');
  };
  state.on((change) => {
    if (change === 'connection') showLink();
    if (change === 'rooms' && state.openRoomId !== null && !state.rooms.has(state.openRoomId)) {
      current?.dispose();
      current = null;
      state.openRoomId = null;
      fill(main, placeholder());
      showRooms();
    }
  });
  showLink();

  fill(main, placeholder());
  fill(shell, banner, h('aside', { class: 'sidebar' }, panel.element), main);
  const linked = /^#room=([\w-]+)$/.exec(location.hash)?.[1];
  if (linked !== undefined) open(linked);
  return shell;
}

function placeholder(): HTMLElement {
  return h('div', { class: 'placeholder' }, h('p', {}, 'Pick a room, make one, or message someone.'));
}
