// A small real `ws` client for e2e tests: connect with any auth transport, wait for the next frame of
// an event (with a timeout), collect every frame, and await the close code.
import WebSocket, { type ClientOptions } from 'ws';
import type { ServerEventMap, ServerEventName } from '../../src/realtime/server-events.js';
import { asyncApiValidatorFor, recordContractCheck } from './contract-documents.js';

export interface Frame {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames are inspected ad hoc in tests
  data: any;
}

/** A `/ws` frame typed by the server's event map (src/realtime/server-events.ts and its augmentations). */
export interface ServerFrame<K extends ServerEventName> {
  event: K;
  data: ServerEventMap[K];
}

/** A `/chats/:username` frame: a message of the peer (or of one's other device), or an error. */
export type FlashFrame =
  { from: string; body: string; sent_at: number } | { error: { code: string; message: string } };

export interface ConnectOptions {
  token?: string;
  /** How the token travels: Authorization header (default), `bearer.<jwt>` subprotocol, or `?token=`. */
  via?: 'header' | 'subprotocol' | 'query';
  headers?: Record<string, string>;
  protocols?: string[];
  origin?: string;
}

export interface Closed {
  code: number;
  reason: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

export class TestSocket {
  /** Every text frame received, parsed as JSON when it is JSON. */
  readonly frames: unknown[] = [];
  readonly closed: Promise<Closed>;
  private waiters: { test: (frame: unknown) => boolean; resolve: (frame: unknown) => void }[] = [];
  private cursor = 0;

  /** `contract`: where the socket is connected, so what it receives is checked against /asyncapi.json. */
  constructor(
    readonly ws: WebSocket,
    contract?: { base: string; path: string },
  ) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const check = contract ? asyncApiChecks(ws, contract.base, contract.path) : undefined;
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : (data as Buffer).toString('utf8');
      let frame: unknown = text;
      try {
        frame = JSON.parse(text);
      } catch {
        // keep the raw text
      }
      check?.(frame);
      this.frames.push(frame);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.test(frame)) return true;
        waiter.resolve(frame);
        return false;
      });
    });
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  /** Sends `{event, data}`. */
  emit(event: string, data: unknown = {}): void {
    this.ws.send(JSON.stringify({ event, data }));
  }

  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.ws.send(data, { binary: options.binary ?? false });
  }

  /** Frames of `event` (JSON protocol) received so far. */
  events(event: string): Frame[] {
    return (this.frames as Frame[]).filter((frame) => isEvent(frame) && frame.event === event);
  }

  /** The next not-yet-consumed frame with this event name (searches frames already received first). */
  next<K extends ServerEventName>(event: K, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ServerFrame<K>> {
    return this.nextMatching((frame) => isEvent(frame) && frame.event === event, timeoutMs, event) as Promise<
      ServerFrame<K>
    >;
  }

  /** `/chats/*`: the next not-yet-consumed flash frame (any JSON object the flash protocol sends). */
  nextFlash(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<FlashFrame> {
    return this.nextMatching(
      (frame) => typeof frame === 'object' && frame !== null && !isEvent(frame),
      timeoutMs,
      'flash frame',
    ) as Promise<FlashFrame>;
  }

  /** The next not-yet-consumed frame matching `test`, in arrival order. */
  nextMatching(
    test: (frame: unknown) => boolean,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    what = 'frame',
  ): Promise<unknown> {
    for (let i = this.cursor; i < this.frames.length; i += 1) {
      if (test(this.frames[i])) {
        const [frame] = this.frames.splice(i, 1);
        return Promise.resolve(frame);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(
          new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 2000)}`),
        );
      }, timeoutMs);
      const done = (frame: unknown): void => {
        clearTimeout(timer);
        const index = this.frames.lastIndexOf(frame);
        if (index >= 0) this.frames.splice(index, 1);
        resolve(frame);
      };
      this.waiters.push({ test, resolve: done });
    });
  }

  /** Resolves when `count` frames matching `test` have arrived (without consuming them). */
  async waitFor(
    test: (frame: unknown) => boolean,
    count: number,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<unknown[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.filter(test);
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(`only ${found.length}/${count} frames within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Fails if a not-yet-consumed frame of `event` is here, or arrives within `withinMs`. */
  async expectNone(event: string, withinMs = 200): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, withinMs));
    const unexpected = this.events(event);
    if (unexpected.length > 0)
      throw new Error(`unexpected ${event} frame(s): ${JSON.stringify(unexpected).slice(0, 2000)}`);
  }

  /** Waits for the close, failing after `timeoutMs`. */
  closedWithin(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Closed> {
    return Promise.race([
      this.closed,
      new Promise<Closed>((_, reject) =>
        setTimeout(() => reject(new Error(`socket not closed within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
  }

  close(): Promise<Closed> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }
}

/** A `/chats/*` message frame `{from, body, sent_at}` (not an error frame). */
export function isFlashMessage(frame: unknown): frame is { from: string; body: string; sent_at: number } {
  return typeof frame === 'object' && frame !== null && 'from' in frame && !isEvent(frame);
}

/** The bodies of the flash message frames a socket received and nobody consumed yet, in order. */
export function flashBodies(socket: TestSocket): string[] {
  return socket.frames.filter(isFlashMessage).map((frame) => frame.body);
}

/**
 * A `/chats` connection that should get exactly `sent` (the peer's messages, with their `bodies`), each
 * once, in seq order: waits for that many frames, then for `readWatcher` (a `/ws` socket of the same user)
 * to see the marker reach the newest one — after which no frame of them can come any more — and checks.
 */
export async function expectFlashExactlyOnce(
  chat: TestSocket,
  readWatcher: TestSocket,
  sent: { seq: number }[],
  bodies: string[],
  timeoutMs = 5000,
): Promise<void> {
  const lastSeq = Math.max(...sent.map((message) => message.seq));
  await chat.waitFor(isFlashMessage, bodies.length, timeoutMs);
  await readWatcher.nextMatching(
    (frame) => isEvent(frame) && frame.event === 'read' && (frame.data as { seq: number }).seq === lastSeq,
    timeoutMs,
    `read ${lastSeq}`,
  );
  const inSeqOrder = sent
    .map((message, i) => ({ seq: message.seq, body: bodies[i] }))
    .sort((a, b) => a.seq - b.seq)
    .map((message) => message.body);
  if (JSON.stringify(flashBodies(chat)) !== JSON.stringify(inSeqOrder))
    throw new Error(`expected ${JSON.stringify(inSeqOrder)}, got ${JSON.stringify(flashBodies(chat))}`);
}

function isEvent(frame: unknown): frame is Frame {
  return typeof frame === 'object' && frame !== null && typeof (frame as Frame).event === 'string';
}

function target(
  base: string,
  path: string,
  options: ConnectOptions,
): { url: string; init: ClientOptions; protocols: string[] } {
  const url = new URL(path, base);
  const headers: Record<string, string> = { ...options.headers };
  const protocols = [...(options.protocols ?? [])];
  if (options.token !== undefined) {
    const via = options.via ?? 'header';
    if (via === 'header') headers.Authorization = `Bearer ${options.token}`;
    if (via === 'query') url.searchParams.set('token', options.token);
    if (via === 'subprotocol') protocols.push('p-chat', `bearer.${options.token}`);
  }
  const init: ClientOptions = { headers, handshakeTimeout: DEFAULT_TIMEOUT_MS };
  if (options.origin !== undefined) init.origin = options.origin;
  return { url: url.toString(), init, protocols };
}

/** Checks every frame and the close code of a socket against the server's AsyncAPI document. */
function asyncApiChecks(ws: WebSocket, base: string, path: string): (frame: unknown) => void {
  // A refused upgrade also ends in 'close' (1006) without opening: that is checked as a refusal.
  let opened = false;
  ws.once('open', () => (opened = true));
  ws.on('close', (code) => {
    if (opened) recordContractCheck(async () => (await asyncApiValidatorFor(base)).close(path, code));
  });
  return (frame) => recordContractCheck(async () => (await asyncApiValidatorFor(base)).frame(path, frame));
}

/** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
export async function connect(base: string, path: string, options: ConnectOptions = {}): Promise<TestSocket> {
  // Loaded while the server is surely up, so frames that arrive as it stops can still be checked.
  await asyncApiValidatorFor(base).catch(() => undefined);
  const { url, init, protocols } = target(base, path, options);
  const ws = new WebSocket(url, protocols, init);
  const socket = new TestSocket(ws, { base, path });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_req, res) => {
      reject(new UpgradeRefused(res.statusCode ?? 0));
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      // The whole refusal is read (and checked) before the socket is dropped.
      res.once('close', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        recordContractCheck(async () =>
          (await asyncApiValidatorFor(base)).refusal(path, status, res.headers, body),
        );
        ws.terminate();
      });
    });
    ws.once('error', (error) => reject(error));
  });
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** The HTTP status an upgrade is refused with (101 if it is accepted, then closed). */
export async function upgradeStatus(
  base: string,
  path: string,
  options: ConnectOptions = {},
): Promise<number> {
  try {
    const socket = await connect(base, path, options);
    await socket.close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
}
