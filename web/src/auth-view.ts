// Signing in and creating an account, through either API: the flash one (username, `/login`,
// `/register`) or the session one (email: `/session/register` → verify → `/session/authorize`).
// Passwords are sent as typed on both, so one account signs in through either form (API.md §1).
import type { PChatClient } from '../../client/src/index.js';
import { field, fill, h } from './dom.js';
import { describeError } from './errors.js';

type Way = 'username' | 'email';

export function authView(client: PChatClient, signedIn: () => void): HTMLElement {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const report = (text: string): void => void (status.textContent = text);
  const attempt = async (action: () => Promise<unknown>, form: HTMLFormElement): Promise<boolean> => {
    const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
    button.disabled = true;
    report('');
    try {
      await action();
      return true;
    } catch (error) {
      report(describeError(error));
      return false;
    } finally {
      button.disabled = false;
    }
  };

  const signIn = signInForm(client, attempt, signedIn);
  const signUp = signUpForm(client, attempt, report, signedIn);
  return h(
    'main',
    { class: 'auth' },
    h('h1', {}, 'p-chat'),
    h('div', { class: 'auth-forms' }, signIn, signUp),
    status,
  );
}

type Attempt = (action: () => Promise<unknown>, form: HTMLFormElement) => Promise<boolean>;

function waySwitch(name: string, changed: (way: Way) => void): HTMLFieldSetElement {
  const option = (way: Way, label: string, checked: boolean): HTMLLabelElement =>
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name, value: way, checked, onchange: () => changed(way) }),
      label,
    );
  return h(
    'fieldset',
    { class: 'way' },
    h('legend', {}, 'Account'),
    option('username', 'By username', true),
    option('email', 'By email address', false),
  );
}

function signInForm(client: PChatClient, attempt: Attempt, signedIn: () => void): HTMLFormElement {
  let way: Way = 'username';
  const identifier = h('div');
  const username = field('Username', { name: 'username', autocomplete: 'username', required: true });
  const email = field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true });
  const password = field('Password', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const show = (chosen: Way): void => {
    way = chosen;
    fill(identifier, chosen === 'username' ? username.wrapper : email.wrapper);
  };
  show('username');
  const form = h(
    'form',
    { 'aria-label': 'Sign in', class: 'card' },
    h('h2', {}, 'Sign in'),
    waySwitch('sign-in-way', show),
    identifier,
    password.wrapper,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const action = () =>
      way === 'username'
        ? client.auth.flashLogin({ username: username.input.value.trim(), password: password.input.value })
        : client.auth.signIn({ email: email.input.value.trim(), password: password.input.value });
    void attempt(action, form).then((ok) => ok && signedIn());
  });
  return form;
}

function signUpForm(
  client: PChatClient,
  attempt: Attempt,
  report: (text: string) => void,
  signedIn: () => void,
): HTMLElement {
  let way: Way = 'username';
  const name = field('Display name', { name: 'name', autocomplete: 'name', required: true, maxlength: 64 });
  const username = field('Username', {
    name: 'new-username',
    autocomplete: 'username',
    required: true,
    pattern: '[A-Za-z0-9_.\\-]{3,32}',
    title: '3–32 letters, digits, _ . -',
  });
  const email = field('Email', { name: 'new-email', type: 'email', autocomplete: 'email' });
  const password = field('Password', {
    name: 'new-password',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    minlength: 6,
  });
  const emailSlot = h('div');
  const show = (chosen: Way): void => {
    way = chosen;
    email.input.required = chosen === 'email';
    fill(emailSlot, chosen === 'email' ? email.wrapper : null);
  };
  const verify = h('div', { class: 'verify' });
  const form = h(
    'form',
    { 'aria-label': 'Create account', class: 'card' },
    h('h2', {}, 'Create an account'),
    waySwitch('sign-up-way', show),
    name.wrapper,
    username.wrapper,
    emailSlot,
    password.wrapper,
    h('button', { type: 'submit' }, 'Create account'),
    verify,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const profile = { name: name.input.value.trim(), username: username.input.value.trim().toLowerCase() };
    if (way === 'username') {
      const action = () => client.auth.flashRegister({ ...profile, password: password.input.value });
      void attempt(action, form).then((ok) => ok && signedIn());
      return;
    }
    const action = async () => {
      const registered = await client.auth.register({
        ...profile,
        email: email.input.value.trim(),
        password: password.input.value,
      });
      fill(verify, verifyForm(client, registered.VerificationToken ?? '', report, signedIn));
      report('Account created: verify the email to sign in.');
    };
    void attempt(action, form);
  });
  return form;
}

/** In development the token comes back in the response (or is in the server's log, where mail goes). */
function verifyForm(
  client: PChatClient,
  token: string,
  report: (text: string) => void,
  signedIn: () => void,
): HTMLElement {
  const input = field('Verification token', { name: 'verify-token', required: true, value: token });
  const button = h('button', { type: 'button' }, 'Verify and sign in');
  button.addEventListener('click', () => {
    button.disabled = true;
    client.auth.verifyEmail(input.input.value.trim()).then(signedIn, (error: unknown) => {
      button.disabled = false;
      report(describeError(error));
    });
  });
  return h(
    'div',
    { role: 'group', 'aria-label': 'Verify your email' },
    h(
      'p',
      {},
      token
        ? 'The server answered with the verification token (a development setting).'
        : 'Paste the token from the verification mail (without SMTP_URL it is in the server log).',
    ),
    input.wrapper,
    button,
  );
}
