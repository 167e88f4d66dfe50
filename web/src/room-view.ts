// An open room: history that pages back as it is scrolled up, live messages, the caller's pending
// sends, who is typing, read receipts; the read marker follows what is actually on screen.
import type { Room } from '../../client/src/index.js';
import type { Change, ChatState } from './chat-state.js';
import { fill, h, syncChildren } from './dom.js';
import { describeError } from './errors.js';
import { membersPanel } from './members-panel.js';
import { messageItem, messageVersion, pendingItem } from './message-item.js';

const TYPING_EVERY_MS = 2500;
const NEAR_BOTTOM_PX = 48;

export interface RoomView {
  element: HTMLElement;
  dispose(): void;
}

export function roomView(state: ChatState, room: Room, back: () => void): RoomView {
  const timeline = state.timeline(room.id);
  const items = new Map<string, { element: HTMLLIElement; version: string }>();
  const list = h('ol', { class: 'message-list', role: 'log', 'aria-label': 'Messages' });
  const older = h('button', { type: 'button', class: 'older' }, 'Load older messages');
  const start = h('p', { class: 'start' }, 'This is the beginning of the room.');
  const historyError = h('p', { class: 'error', role: 'alert' });
  const scroller = h(
    'div',
    { class: 'scroller', tabindex: 0, 'aria-label': 'Message history' },
    older,
    start,
    historyError,
    list,
  );
  const typing = h('p', { class: 'typing', 'aria-live': 'polite' });
  const unreadAtOpen = room.last_read_seq ?? 0;
  const divider = h('li', { class: 'divider', role: 'separator' }, 'New messages');

  // --- rendering ---
  const render = (): void => {
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;
    const receipts = state.receipts.get(room.id) ?? new Map<string, number>();
    const messages = timeline.messages;
    const wanted: HTMLLIElement[] = [];
    messages.forEach((message, index) => {
      // Others' receipts sit under the newest message they have read.
      const next = messages[index + 1];
      const seenBy = [...receipts]
        .filter(([, seq]) => seq >= message.seq && (next === undefined || seq < next.seq))
        .map(([username]) => username);
      const key = `m${message.seq}`;
      const version = messageVersion(message, seenBy);
      let entry = items.get(key);
      if (entry === undefined || (entry.version !== version && entry.element.dataset.busy === undefined)) {
        if (entry !== undefined) observer.unobserve(entry.element);
        entry = { element: messageItem(state, message, seenBy, render), version };
        items.set(key, entry);
        observer.observe(entry.element);
      }
      if (message.seq === unreadAtOpen + 1 && index > 0 && message.from.username !== state.me.username)
        wanted.push(divider);
      wanted.push(entry.element);
    });
    for (const send of timeline.pending) wanted.push(pendingItem(state, room.id, send));
    syncChildren(list, wanted);
    older.hidden = !timeline.hasOlder || !timeline.loaded;
    start.hidden = timeline.hasOlder || !timeline.loaded;
    const who = state.typingIn(room.id);
    typing.textContent =
      who.length === 0 ? '' : `${who.join(', ')} ${who.length === 1 ? 'is' : 'are'} typing…`;
    if (atBottom || timeline.pending.length > 0) scroller.scrollTop = scroller.scrollHeight;
  };

  // --- the read marker: the newest message at least half on screen, while the page is visible ---
  let seenUpTo = 0;
  let markTimer: ReturnType<typeof setTimeout> | null = null;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        seenUpTo = Math.max(seenUpTo, Number((entry.target as HTMLElement).dataset.seq ?? 0));
      }
      if (document.visibilityState !== 'visible' || markTimer !== null) return;
      markTimer = setTimeout(() => {
        markTimer = null;
        state.seen(room.id, seenUpTo).catch(() => undefined);
      }, 300);
    },
    { root: scroller, threshold: 0.5 },
  );

  // --- history: scrolling up (or the button) loads the page before the oldest ---
  const loadOlder = async (): Promise<void> => {
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    older.disabled = true;
    try {
      await timeline.loadOlder();
      historyError.textContent = '';
    } catch (error) {
      historyError.textContent = describeError(error);
    } finally {
      older.disabled = false;
    }
    render();
    scroller.scrollTop = scroller.scrollHeight - fromBottom;
  };
  older.addEventListener('click', () => void loadOlder());
  const topWatcher = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !older.disabled && !older.hidden) void loadOlder();
    },
    { root: scroller },
  );
  topWatcher.observe(older);

  // --- composing ---
  const input = h('textarea', {
    name: 'body',
    rows: 1,
    required: true,
    maxlength: 4000,
    id: `composer-${room.id}`,
  });
  let lastTyping = 0;
  input.addEventListener('input', () => {
    if (Date.now() - lastTyping < TYPING_EVERY_MS || input.value.trim() === '') return;
    lastTyping = Date.now();
    state.typed(room.id);
  });
  const composer = h(
    'form',
    { class: 'composer', 'aria-label': 'Send a message' },
    h('label', { for: input.id, class: 'visually-hidden' }, 'Message'),
    input,
    h('button', { type: 'submit' }, 'Send'),
  );
  const submit = (): void => {
    const body = input.value.trim();
    if (body === '') return;
    input.value = '';
    lastTyping = 0;
    state.send(room.id, body);
  };
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });

  // --- header and members ---
  const members = membersPanel(state, room);
  const membersToggle = h(
    'button',
    { type: 'button', 'aria-expanded': 'false', 'aria-controls': `members-${room.id}` },
    'Members',
  );
  members.element.id = `members-${room.id}`;
  members.element.hidden = true;
  membersToggle.addEventListener('click', () => {
    const open = members.element.hidden;
    members.element.hidden = !open;
    membersToggle.setAttribute('aria-expanded', String(open));
    if (open) void members.refresh();
  });
  const title = h('h2', { tabindex: -1 }, state.roomName(room));
  const header = h(
    'header',
    { class: 'room-header' },
    h('button', { type: 'button', class: 'back', onclick: back }, '← Rooms'),
    h('div', { class: 'room-title' }, title, room.topic ? h('p', { class: 'topic' }, room.topic) : null),
    membersToggle,
  );

  const element = h(
    'section',
    { class: 'room-view', 'aria-labelledby': `title-${room.id}` },
    header,
    members.element,
    scroller,
    typing,
    composer,
  );
  title.id = `title-${room.id}`;

  const unsubscribe = state.on((change: Change) => {
    if (change === 'rooms') {
      const current = state.rooms.get(room.id);
      if (current) title.textContent = state.roomName(current);
    } else if (typeof change === 'object' && 'room' in change && change.room === room.id) render();
  });
  const visible = (): void => {
    if (document.visibilityState === 'visible' && seenUpTo > 0)
      state.seen(room.id, seenUpTo).catch(() => undefined);
  };
  document.addEventListener('visibilitychange', visible);

  render();
  timeline
    .loadNewest()
    .then(() => {
      render();
      scroller.scrollTop = scroller.scrollHeight;
    })
    .catch((error: unknown) => fill(historyError, describeError(error)));
  queueMicrotask(() => input.focus());

  return {
    element,
    dispose() {
      unsubscribe();
      members.dispose();
      observer.disconnect();
      topWatcher.disconnect();
      document.removeEventListener('visibilitychange', visible);
      if (markTimer !== null) clearTimeout(markTimer);
    },
  };
}
