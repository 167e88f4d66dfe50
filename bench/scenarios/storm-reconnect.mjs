// Reconnect storm (issue 14): N authenticated /ws clients in rooms of ten, one sender per room, the
// server restarted under them — SIGTERM then start again on the same data, and then the same with
// kill -9. Every client reconnects with jittered backoff and resumes; the scenario counts, per member,
// the messages acknowledged before the restart that it never got (lost) or got more than once
// (duplicates), and client_ids stored under two seqs (a re-send stored twice).
import { performance } from 'node:perf_hooks';
import { populate } from '../lib/population.mjs';
import { startPChat } from '../lib/processes.mjs';
import { summarize } from '../lib/stats.mjs';
import { ResumingClient } from '../lib/storm-client.mjs';
import { checkOpenFileLimit, createRooms } from '../lib/storm-setup.mjs';

const tally = (values) =>
  Object.fromEntries([...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map())]);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition, timeoutMs, everyMs = 20) {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await sleep(everyMs);
  return condition();
}

/**
 * `clients`, `roomSize`, `sendEveryMs` (each room's sender), `backLimitMs`; `env`: the server's raised
 * limits; `database`: createFreshDatabase's (or `{ env: {} }` for the embedded engine). Returns one
 * result per restart kind.
 */
export async function reconnectStorm({
  clients,
  roomSize,
  sendEveryMs,
  backLimitMs,
  env: baseEnv,
  database,
  log = () => {},
}) {
  await checkOpenFileLimit(clients + 500);
  const env = { ...baseEnv, ...database.env };
  let server = await startPChat(env);
  const reuse = { port: server.port, dataDir: server.dataDir };
  const all = [];
  try {
    const started = performance.now();
    const users = await populate(server.http, database, clients, `r${Date.now().toString(36)}`);
    const groups = [];
    for (let i = 0; i < users.length; i += roomSize) groups.push(users.slice(i, i + roomSize));
    const roomIds = await createRooms(server.http, groups);
    log(
      `${clients} users in ${groups.length} rooms made in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    /** Every ack: client_id → {room, seq, at}. */
    const acks = new Map();
    const onAck = (ack) => acks.set(ack.client_id, { seq: ack.seq, at: performance.now() });
    const members = new Map(); // room id → its clients
    groups.forEach((group, i) => {
      const roomClients = group.map(
        (user) => new ResumingClient(`${server.ws}/ws?token=${user.token}`, user, [roomIds[i]], { onAck }),
      );
      members.set(roomIds[i], roomClients);
      all.push(...roomClients);
    });
    // Open them 200 at a time, as a client population comes online, not all in the same instant.
    for (let i = 0; i < all.length; i += 200) {
      const batch = all.slice(i, i + 200).map((client) => client.start().resumed());
      await Promise.all(batch);
    }
    log(`${all.length} clients connected and resumed`);

    // Traffic: the first member of each room sends one message every `sendEveryMs`, phase-spread.
    let sending = true;
    let sent = 0;
    const ackRoom = new Map(); // client_id → room id
    const senders = roomIds.map((roomId, i) => {
      const sender = members.get(roomId)[0];
      let n = 0;
      const tick = () => {
        if (!sending) return;
        const clientId = `${sender.user.username}-${n}`;
        if (sender.send(roomId, `storm ${n}`, clientId)) {
          ackRoom.set(clientId, roomId);
          n += 1;
          sent += 1;
        }
      };
      return {
        start: setTimeout(
          () => (senders[i].timer = setInterval(tick, sendEveryMs)),
          (i * sendEveryMs) / roomIds.length,
        ),
      };
    });
    await sleep(3000);

    const results = [];
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      const before = performance.now();
      const exit = await server.kill(signal);
      // Acknowledged before the restart: every ack that reached a client before the process was gone.
      const ackedBefore = [...acks].filter(([, ack]) => ack.at <= performance.now());
      const stoppedAt = performance.now();
      const lastWords = server.output();
      server = await startPChat(env, reuse);
      const listeningAt = performance.now();
      log(
        `${signal}: exit ${exit} after ${(stoppedAt - before).toFixed(0)} ms, up again after ${(listeningAt - before).toFixed(0)} ms`,
      );
      // With LOG_LEVEL=info in `env`: the stopping server's drain, and when the new one listened.
      for (const line of `${lastWords}\n${server.output()}`.split('\n'))
        if (/"msg":"(shutting down|drained|stopped|listening)"/.test(line)) log(line);
      const allBack = await waitUntil(
        () => all.every((client) => client.state === 'open' && client.resumedAt > stoppedAt),
        60_000,
      );
      const backAt = Math.max(...all.map((client) => client.resumedAt));
      await sleep(2000);
      // Drain: senders pause, their outboxes empty, the last deliveries arrive.
      sending = false;
      await waitUntil(() => all.every((client) => client.outbox.size === 0), 10_000);
      await sleep(1000);
      let lost = 0;
      let duplicates = 0;
      for (const [clientId, ack] of ackedBefore) {
        const roomId = ackRoom.get(clientId);
        for (const client of members.get(roomId)) {
          const copies = client.copies.get(`${roomId}:${ack.seq}`) ?? 0;
          if (copies === 0) lost += 1;
          if (copies > 1) duplicates += copies - 1;
        }
      }
      let storedTwice = 0;
      let overlap = 0;
      for (const client of all) {
        for (const seqs of client.seqsOfClientId.values()) if (seqs.size > 1) storedTwice += 1;
        for (const copies of client.copies.values()) if (copies > 1) overlap += copies - 1;
      }
      const resumedClients = all.filter((client) => client.resumedAt > stoppedAt);
      results.push({
        signal,
        clients: all.length,
        allBack,
        back: resumedClients.length,
        backMs: backAt - before,
        backAfterListeningMs: backAt - listeningAt,
        downMs: listeningAt - before,
        ackedBefore: ackedBefore.length,
        deliveriesChecked: ackedBefore.length * roomSize,
        lost,
        duplicates,
        storedTwice,
        overlap,
        refusals: all.reduce((sum, client) => sum + client.refusals, 0),
        errors: all.flatMap((client) => client.errors).length,
        errorCodes: tally(all.flatMap((client) => client.errors.map((e) => `${e.code}/${e.ref}`))),
        refusalStatuses: tally(all.flatMap((client) => client.refusalStatuses)),
        closeCodes: tally(all.flatMap((client) => client.closes)),
        connect: summarize(resumedClients.map((client) => client.connectMs)),
        resume: summarize(resumedClients.map((client) => client.resumeMs)),
        backLimitMs,
      });
      for (const client of all) {
        client.copies.clear();
        client.seqsOfClientId.clear();
        client.errors.length = 0;
        client.refusals = 0;
        client.refusalStatuses.length = 0;
        client.closes.length = 0;
      }
      acks.clear();
      sending = true;
      await sleep(3000);
    }
    sending = false;
    for (const s of senders) {
      clearTimeout(s.start);
      clearInterval(s.timer);
    }
    log(`${sent} messages sent in all`);
    return results;
  } finally {
    await Promise.all(all.map((client) => client.stop()));
    await server.stop();
    const { rmSync } = await import('node:fs');
    rmSync(reuse.dataDir, { recursive: true, force: true });
  }
}
