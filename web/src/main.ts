// p-chat's web client: signs in, then chats, all through @p-chat/client. Tokens live in localStorage
// (shared by the origin's tabs, refreshed by one at a time).
import { isPChatError, PChatClient, WebStorageTokenStore } from '../../client/src/index.js';
import { authView } from './auth-view.js';
import { ChatState } from './chat-state.js';
import { chatView } from './chat-view.js';
import { fill, h } from './dom.js';
import { describeError } from './errors.js';

const root = document.getElementById('app') as HTMLElement;
const client = new PChatClient({
  baseUrl: location.origin,
  tokenStore: new WebStorageTokenStore(localStorage),
});
let state: ChatState | null = null;

function showAuth(notice?: string): void {
  document.title = 'Sign in · p-chat';
  const view = authView(client, () => void showChat());
  if (notice) view.prepend(h('p', { class: 'notice', role: 'status' }, notice));
  fill(root, view);
  view.querySelector('input')?.focus();
}

async function showChat(): Promise<void> {
  fill(root, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  try {
    state = await ChatState.start(client);
  } catch (error) {
    if (isPChatError(error) && (error.status === 401 || error.code === 'NOT_SIGNED_IN')) {
      await client.tokens.signOut();
      return showAuth();
    }
    fill(
      root,
      h('p', { class: 'error', role: 'alert' }, describeError(error)),
      h('button', { type: 'button', onclick: () => void showChat() }, 'Try again'),
    );
    return;
  }
  const current = state;
  document.title = 'p-chat';
  current.on((change) => {
    if (change === 'connection' && current.link === 'ended') void signOut(current.ended ?? undefined);
  });
  fill(
    root,
    chatView(current, () => void signOut()),
  );
}

async function signOut(notice?: string): Promise<void> {
  state?.stop();
  state = null;
  await client.auth.signOut().catch(() => client.tokens.signOut());
  history.replaceState(null, '', location.pathname);
  showAuth(notice);
}

void (async () => {
  if ((await client.tokens.current()) === null) showAuth();
  else await showChat();
})();
