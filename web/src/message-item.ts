// One message of a room's list: body, author, time, edit/delete for the author, others' read receipts;
// or one of the caller's sends still waiting for its ack (or refused).
import type { ChatMessage } from '../../client/src/index.js';
import type { ChatState } from './chat-state.js';
import { fill, h, timeOf } from './dom.js';
import { describeError } from './errors.js';
import type { PendingSend } from './room-timeline.js';

/** Changes whenever what the item shows changes (so unchanged items are left alone). */
export function messageVersion(message: ChatMessage, seenBy: string[]): string {
  return [message.body, message.edited_at, message.deleted, seenBy.join(',')].join('|');
}

/** `settled`: an edit or delete prompt closed, so the list may replace this item again. */
export function messageItem(
  state: ChatState,
  message: ChatMessage,
  seenBy: string[],
  settled: () => void,
): HTMLLIElement {
  const mine = message.from.username === state.me.username;
  const item = h('li', {
    class: `message${mine ? ' mine' : ''}${message.deleted ? ' deleted' : ''}`,
    'data-seq': message.seq,
  });
  const body = message.deleted
    ? h('p', { class: 'body' }, h('em', {}, 'Message deleted'))
    : h('p', { class: 'body' }, message.body ?? '');
  const actions = h('div', { class: 'actions' });
  if (mine && !message.deleted) {
    actions.append(
      h(
        'button',
        { type: 'button', onclick: () => startEdit(state, message, { item, body, actions, settled }) },
        'Edit',
      ),
      h(
        'button',
        { type: 'button', onclick: () => confirmDelete(state, message, { item, body, actions, settled }) },
        'Delete',
      ),
    );
  }
  fill(
    item,
    h(
      'p',
      { class: 'meta' },
      h('span', { class: 'author' }, mine ? 'You' : message.from.name),
      ' ',
      h('time', { datetime: message.sent_at }, timeOf(message.sent_at)),
      message.edited_at && !message.deleted ? h('span', { class: 'edited' }, ' (edited)') : null,
    ),
    body,
    actions,
    seenBy.length > 0 ? h('p', { class: 'receipt' }, `Seen by ${seenBy.join(', ')}`) : null,
  );
  return item;
}

interface ItemParts {
  item: HTMLLIElement;
  body: HTMLElement;
  actions: HTMLElement;
  settled: () => void;
}

function startEdit(
  state: ChatState,
  message: ChatMessage,
  { item, body, actions, settled }: ItemParts,
): void {
  const input = h('input', { value: message.body ?? '', 'aria-label': 'Edit message', required: true });
  const error = h('span', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'edit' },
    input,
    h('button', { type: 'submit' }, 'Save'),
    h('button', { type: 'button', onclick: () => close() }, 'Cancel'),
    error,
  );
  const close = (): void => {
    delete item.dataset.busy;
    form.replaceWith(body);
    actions.hidden = false;
    settled();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text === '' || text === message.body) return close();
    state.edit(message, text).then(close, (reason: unknown) => (error.textContent = describeError(reason)));
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  item.dataset.busy = 'editing';
  actions.hidden = true;
  body.replaceWith(form);
  input.focus();
}

function confirmDelete(state: ChatState, message: ChatMessage, { item, actions, settled }: ItemParts): void {
  const keep = [...actions.children];
  const back = (...before: (Node | string)[]): void => {
    delete item.dataset.busy;
    fill(actions, ...before, ...keep);
    settled();
  };
  const cancel = h('button', { type: 'button', onclick: () => back() }, 'Keep');
  const confirm = h('button', { type: 'button', class: 'danger' }, 'Delete for everyone');
  confirm.addEventListener('click', () => {
    // The tombstone replaces this item when it arrives.
    delete item.dataset.busy;
    state.remove(message).catch((reason: unknown) => back(describeError(reason)));
  });
  item.dataset.busy = 'deleting';
  fill(actions, confirm, cancel);
  confirm.focus();
}

export function pendingItem(state: ChatState, roomId: string, send: PendingSend): HTMLLIElement {
  const failed = send.failed !== null;
  return h(
    'li',
    { class: `message mine ${failed ? 'failed' : 'pending'}`, 'aria-busy': failed ? 'false' : 'true' },
    h(
      'p',
      { class: 'meta' },
      h('span', { class: 'author' }, 'You'),
      ' ',
      h('span', { class: 'state' }, failed ? 'Not sent' : 'Sending…'),
    ),
    h('p', { class: 'body' }, send.body),
    failed
      ? h(
          'div',
          { class: 'actions' },
          h('span', { class: 'error' }, send.failed ?? ''),
          h('button', { type: 'button', onclick: () => state.discard(roomId, send.clientId) }, 'Discard'),
        )
      : null,
  );
}
