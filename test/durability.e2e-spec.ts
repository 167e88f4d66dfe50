// API.md §7 durability: `kill -9` of the built server in the middle of 500 acknowledged sends, then a
// restart on the same data (embedded PGlite directory, or the same real PostgreSQL database). Every
// acked client_id is stored exactly once, seq stays gapless, re-sending is idempotent, and `resume`
// delivers the rest.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chatClient, resumeRoom, type ChatClient, type StoredMessage } from './helpers/chat.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { testPostgres } from './helpers/postgres.js';
import {
  EMBEDDED_DATABASE_ENV,
  ensureBuilt,
  killHard,
  startServer,
  type ServerProcess,
} from './helpers/server-process.js';
import { connect, type Frame, type TestSocket } from './helpers/ws-client.js';
import { describeWhen } from './helpers/services.js';

type Describe = (name: string, body: () => void) => void;

const TOTAL_SENDS = 500;
const KILL_AFTER_ACKS = 200;
const SENDERS = 2;
/** Sends in flight per connection: each ack lets the next one go, so the server is always busy. */
const WINDOW = 16;
const SERVER_ENV = { WS_FLOOD_RATE: '100000', WS_FLOOD_BURST: '100000' };

interface Ack {
  client_id: string;
  id: string;
  seq: number;
}

interface Sender {
  user: FlashUser;
  clientIds: string[];
}

interface SendRun {
  acks: Map<string, Ack>;
  errors: Frame[];
}

/**
 * Each socket sends its sender's client ids, WINDOW at a time, a new one per ack. `onAck` sees every ack
 * as it arrives. Resolves when every id is acked or every socket is closed.
 */
async function sendWindowed(
  pairs: [TestSocket, Sender][],
  roomId: string,
  onAck: (ack: Ack, acks: Map<string, Ack>) => void = () => undefined,
): Promise<SendRun> {
  const acks = new Map<string, Ack>();
  const errors: Frame[] = [];
  await Promise.all(
    pairs.map(
      ([socket, sender]) =>
        new Promise<void>((resolve) => {
          let next = 0;
          let acked = 0;
          const sendNext = (): void => {
            if (next >= sender.clientIds.length || socket.ws.readyState !== socket.ws.OPEN) return;
            const clientId = sender.clientIds[next];
            next += 1;
            socket.emit('message.send', {
              room_id: roomId,
              body: `body of ${clientId}`,
              client_id: clientId,
            });
          };
          socket.ws.on('message', (raw: Buffer) => {
            const frame = JSON.parse(raw.toString()) as Frame;
            if (frame.event === 'error') errors.push(frame);
            if (frame.event !== 'message.ack') return;
            acks.set((frame.data as Ack).client_id, frame.data as Ack);
            onAck(frame.data as Ack, acks);
            acked += 1;
            if (acked === sender.clientIds.length) resolve();
            sendNext();
          });
          void socket.closed.then(() => resolve());
          for (let i = 0; i < WINDOW; i += 1) sendNext();
        }),
    ),
  );
  return { acks, errors };
}

const seqsOf = (messages: { seq: number }[]): number[] => messages.map((message) => message.seq);
const oneTo = (n: number, from = 1): number[] => Array.from({ length: n - from + 1 }, (_, i) => from + i);

function durabilityRun(
  engine: string,
  database: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>,
  options: { embedded?: boolean; describe?: Describe } = {},
): void {
  (options.describe ?? describe)(`kill -9 during 500 acknowledged sends, ${engine}`, () => {
    let drop: () => Promise<void> = () => Promise.resolve();
    let env: Record<string, string>;
    let server: ServerProcess | undefined;
    let dataDir: string | undefined;
    let api: ChatClient;
    let senders: Sender[];
    let reader: FlashUser;
    let roomId: string;
    let beforeKill: SendRun;
    let acksAtKill = 0;
    let readerSeqsBeforeKill: number[] = [];
    const sockets: TestSocket[] = [];

    const open = async (user: FlashUser): Promise<TestSocket> => {
      const socket = await connect(server!.url.replace('http', 'ws'), '/ws', { token: user.token });
      sockets.push(socket);
      return socket;
    };

    beforeAll(async () => {
      ensureBuilt();
      const made = await database();
      drop = made.drop;
      env = { ...SERVER_ENV, ...made.env };
      server = await startServer({ env });
      dataDir = server.dataDir;
      api = chatClient(server.url);
      const users = await Promise.all(
        Array.from({ length: SENDERS + 1 }, () => registerFlashUser(server!.url)),
      );
      reader = users[SENDERS];
      roomId = await api.createRoom(users[0].token, { name: `durability ${engine}` });
      for (const user of users.slice(1)) await api.addMember(roomId, users[0].token, user.username);
      const run = `${engine}-${Date.now()}`;
      senders = users.slice(0, SENDERS).map((user, index) => ({
        user,
        clientIds: oneTo(TOTAL_SENDS)
          .filter((n) => n % SENDERS === index)
          .map((n) => `${run}-${n}`),
      }));

      const readerSocket = await open(reader);
      const sendingSockets = await Promise.all(senders.map((sender) => open(sender.user)));
      const victim = server;
      const startedAt = Date.now();
      let killedAfterMs = 0;
      beforeKill = await sendWindowed(
        sendingSockets.map((socket, index) => [socket, senders[index]]),
        roomId,
        (_ack, acks) => {
          if (acksAtKill > 0 || acks.size < KILL_AFTER_ACKS) return;
          acksAtKill = acks.size;
          killedAfterMs = Date.now() - startedAt;
          victim.child.kill('SIGKILL');
        },
      );
      await killHard(victim);
      await Promise.all(sockets.map((socket) => socket.closedWithin(10_000)));
      readerSeqsBeforeKill = readerSocket
        .events('message')
        .filter((frame) => (frame.data as StoredMessage).room_id === roomId)
        .map((frame) => (frame.data as StoredMessage).seq);

      const restartAt = Date.now();
      server = await startServer({ env, dataDir });
      api = chatClient(server.url);
      if (process.env.TEST_LOGS)
        console.log(
          `${engine}: killed after ${acksAtKill} acks (${killedAfterMs} ms of sending), ` +
            `${beforeKill.acks.size} acks in all, restart took ${Date.now() - restartAt} ms`,
        );
    }, 240_000);

    afterAll(async () => {
      await Promise.all(sockets.map((socket) => socket.close()));
      if (server) await killHard(server);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await drop();
    }, 30_000);

    it('was killed in the middle: some sends acked, some not, none refused', () => {
      expect(acksAtKill).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(beforeKill.acks.size).toBeLessThan(TOTAL_SENDS);
      expect(beforeKill.errors).toEqual([]);
      // What the reader saw live came in seq order without gaps.
      expect(readerSeqsBeforeKill).toEqual(oneTo(readerSeqsBeforeKill.length));
    });

    it('stores every acked client_id exactly once with its acked id and seq; seq is gapless', async () => {
      const stored = await api.allMessages(roomId, reader.token);
      expect(seqsOf(stored)).toEqual(oneTo(stored.length));
      const byClientId = new Map<string, StoredMessage[]>();
      for (const message of stored) {
        byClientId.set(message.client_id!, [...(byClientId.get(message.client_id!) ?? []), message]);
      }
      // Unacked sends are stored at most once too, and nothing was stored that was not sent.
      expect([...byClientId.values()].filter((copies) => copies.length > 1)).toEqual([]);
      const sent = new Set(senders.flatMap((sender) => sender.clientIds));
      expect([...byClientId.keys()].filter((clientId) => !sent.has(clientId))).toEqual([]);
      const lost = [...beforeKill.acks.values()].filter((ack) => {
        const [message] = byClientId.get(ack.client_id) ?? [];
        return message?.id !== ack.id || message.seq !== ack.seq;
      });
      expect(lost).toEqual([]);
      expect(stored.length).toBeGreaterThanOrEqual(beforeKill.acks.size);
      if (process.env.TEST_LOGS)
        console.log(
          `${engine}: ${stored.length} stored after the restart, ${beforeKill.acks.size} of them acked`,
        );
    });

    it('answers every re-send with the stored message, stores only the missing ones, broadcasts them once', async () => {
      const storedBefore = await api.allMessages(roomId, reader.token);
      const storedByClientId = new Map(storedBefore.map((message) => [message.client_id, message]));
      const watcher = await open(reader);
      const sendingSockets = await Promise.all(senders.map((sender) => open(sender.user)));
      const resent = await sendWindowed(
        sendingSockets.map((socket, index) => [socket, senders[index]]),
        roomId,
      );
      expect(resent.errors).toEqual([]);
      expect(resent.acks.size).toBe(TOTAL_SENDS);
      const replayed = [...resent.acks.values()].filter((ack) => storedByClientId.has(ack.client_id));
      expect(replayed.filter((ack) => storedByClientId.get(ack.client_id)?.id !== ack.id)).toEqual([]);
      expect(replayed.filter((ack) => storedByClientId.get(ack.client_id)?.seq !== ack.seq)).toEqual([]);
      const fresh = [...resent.acks.values()].filter((ack) => !storedByClientId.has(ack.client_id));
      expect(fresh.map((ack) => ack.seq).sort((x, y) => x - y)).toEqual(
        oneTo(TOTAL_SENDS, storedBefore.length + 1),
      );

      const stored = await api.allMessages(roomId, reader.token);
      expect(seqsOf(stored)).toEqual(oneTo(TOTAL_SENDS));
      expect(new Set(stored.map((message) => message.client_id)).size).toBe(TOTAL_SENDS);
      const isRoomMessage = (frame: unknown): boolean =>
        (frame as Frame).event === 'message' && ((frame as Frame).data as StoredMessage).room_id === roomId;
      await watcher.waitFor(isRoomMessage, fresh.length, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seqsOf(watcher.events('message').map((frame) => frame.data as StoredMessage))).toEqual(
        oneTo(TOTAL_SENDS, storedBefore.length + 1),
      );
    }, 60_000);

    it('resumes the reader from the last seq it saw: exactly the rest, in seq order', async () => {
      const lastSeen = readerSeqsBeforeKill.at(-1) ?? 0;
      const stored = await api.allMessages(roomId, reader.token);
      const socket = await open(reader);
      const { replayed, done } = await resumeRoom(socket, roomId, lastSeen);
      expect(done.data).toMatchObject({ truncated_rooms: [], gone_rooms: [] });
      expect(replayed).toEqual(stored.slice(lastSeen));
      expect(seqsOf(replayed)).toEqual(oneTo(TOTAL_SENDS, lastSeen + 1));
    }, 30_000);

    if (options.embedded)
      it('refuses a second process on the same DATA_DIR while the first runs', async () => {
        await expect(startServer({ env, dataDir })).rejects.toThrow(
          /Invalid configuration: DATA_DIR .* is in use by another running p-chat process/,
        );
        await expect(api.allMessages(roomId, reader.token)).resolves.toHaveLength(TOTAL_SENDS);
      }, 60_000);
  });
}

durabilityRun(
  'embedded PGlite',
  () => Promise.resolve({ env: EMBEDDED_DATABASE_ENV, drop: () => Promise.resolve() }),
  { embedded: true },
);
durabilityRun('real PostgreSQL', testPostgres, { describe: await describeWhen(['postgres']) });
