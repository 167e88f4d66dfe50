// @p-chat/client instances for e2e specs: Node's `ws` as the WebSocket, a fetch that counts calls per
// route, users signed in through either API, and an inbox that collects what a connection delivers.
import WebSocket from 'ws';
import {
  PChatClient,
  type ChatMessage,
  type PChatClientOptions,
  type RealtimeConnection,
} from '../../client/src/index.js';
import type { WebSocketConstructor } from '../../client/src/realtime/websocket-like.js';
import { uniqueEmail, uniqueUsername } from '../helpers/factories.js';
import { waitFor } from '../helpers/free-port.js';

export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor;

/** `METHOD /path` → how many times the SDK called it. */
export type CallCounts = Map<string, number>;

export function sdkClient(baseUrl: string, options: Partial<PChatClientOptions> = {}) {
  const calls: CallCounts = new Map();
  const client = new PChatClient({
    baseUrl,
    WebSocket: NodeWebSocket,
    fetch: (input, init) => {
      const key = `${init.method ?? 'GET'} ${new URL(input).pathname}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return fetch(input, init);
    },
    ...options,
  });
  return { client, calls };
}

export async function flashUser(baseUrl: string, options: Partial<PChatClientOptions> = {}) {
  const { client, calls } = sdkClient(baseUrl, options);
  const username = uniqueUsername('sdk');
  await client.auth.flashRegister({ name: `SDK ${username}`, username, password: 'secret' });
  return { client, calls, username };
}

/** Registers through the session API and signs in by verifying the email (the token comes back in tests). */
export async function sessionUser(baseUrl: string, options: Partial<PChatClientOptions> = {}) {
  const { client, calls } = sdkClient(baseUrl, options);
  const email = uniqueEmail('sdk');
  const password = 'secret-password';
  const username = uniqueUsername('sdk');
  const registration = await client.auth.register({ email, password, username });
  if (registration.VerificationToken === undefined) throw new Error('no VerificationToken in the answer');
  await client.auth.verifyEmail(registration.VerificationToken);
  return { client, calls, username, email, password };
}

/** Everything a connection hands the app, per event, in arrival order. */
export class Inbox {
  readonly messages: ChatMessage[] = [];
  readonly states: string[] = [];
  readonly closes: { code: number; willReconnect: boolean }[] = [];

  constructor(readonly connection: RealtimeConnection) {
    connection.on('message', (message) => this.messages.push(message));
    connection.on('connecting', () => this.states.push('connecting'));
    connection.on('resuming', () => this.states.push('resuming'));
    connection.on('open', () => this.states.push('open'));
    connection.on('closed', (closed) => {
      this.states.push(`closed:${closed.code}`);
      this.closes.push({ code: closed.code, willReconnect: closed.willReconnect });
    });
  }

  inRoom(roomId: string): ChatMessage[] {
    return this.messages.filter((message) => message.room_id === roomId);
  }

  async untilInRoom(roomId: string, count: number, timeoutMs = 10_000): Promise<ChatMessage[]> {
    await waitFor(() => this.inRoom(roomId).length >= count, timeoutMs, `${count} messages in ${roomId}`);
    return this.inRoom(roomId);
  }

  async untilOpen(times = 1, timeoutMs = 10_000): Promise<void> {
    await waitFor(
      () => this.states.filter((state) => state === 'open').length >= times,
      timeoutMs,
      `open ×${times}`,
    );
  }
}

/** Seqs handed to the app for a room are exactly first..last, each once, in order. */
export function seqsOf(messages: ChatMessage[]): number[] {
  return messages.map((message) => message.seq);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
