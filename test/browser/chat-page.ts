// The browser test page's script: @p-chat/client bundled by esbuild, driven by the spec through
// `window.chatPage`, and showing what it received so a screenshot tells the story.
import { PChatClient, type ChatMessage, type RealtimeConnection } from '../../client/src/index.js';

interface Seen {
  seq: number;
  body: string | null;
}

class ChatPage {
  private connection: RealtimeConnection | null = null;
  private client: PChatClient | null = null;
  readonly received: ChatMessage[] = [];
  readonly states: string[] = [];

  async start(username: string, password: string): Promise<void> {
    this.client = new PChatClient({ baseUrl: location.origin });
    await this.client.auth.flashLogin({ username, password });
    const connection = this.client.connect({
      backoff: { initialMs: 200, maxMs: 2000 },
      heartbeat: { intervalMs: 1000, timeoutMs: 1500 },
    });
    this.connection = connection;
    connection.on('message', (message) => {
      this.received.push(message);
      this.render();
    });
    for (const state of ['connecting', 'resuming', 'open'] as const)
      connection.on(state, () => this.state(state));
    connection.on('closed', ({ code }) => this.state(`closed:${code}`));
    await new Promise<void>((resolve) => connection.once('open', () => resolve()));
  }

  async send(roomId: string, bodies: string[]): Promise<number[]> {
    const connection = this.require();
    const acks = await Promise.all(bodies.map((body) => connection.send(roomId, body)));
    return acks.map((ack) => ack.seq);
  }

  seen(roomId: string): Seen[] {
    return this.received.filter((m) => m.room_id === roomId).map(({ seq, body }) => ({ seq, body }));
  }

  stop(): void {
    this.connection?.close();
  }

  private require(): RealtimeConnection {
    if (this.connection === null) throw new Error('start() first');
    return this.connection;
  }

  private state(state: string): void {
    this.states.push(state);
    const status = document.getElementById('status');
    if (status) status.textContent = state;
  }

  private render(): void {
    const list = document.getElementById('messages');
    if (!list) return;
    const item = document.createElement('li');
    const last = this.received[this.received.length - 1];
    item.textContent = `#${last.seq} ${last.from.username}: ${last.body ?? '(deleted)'}`;
    list.append(item);
  }
}

(window as unknown as { chatPage: ChatPage }).chatPage = new ChatPage();
