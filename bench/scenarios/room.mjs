// One room with many members over /ws: messages in at a fixed rate, delivery latency to every member.
import { performance } from 'node:perf_hooks';
import { closeAll, connectAll } from '../lib/clients.mjs';
import { paced } from '../lib/pacing.mjs';
import { summarize } from '../lib/stats.mjs';

/**
 * `settleMs`: before sending, wait until no frame arrived for that long (at most 15 s), so the
 * presence events of 200 members coming online are not measured as message latency.
 */
export async function roomFanout(target, members, { roomId, rate, seconds, senders = 5, settleMs = 0 }) {
  const sockets = await connectAll(members.map((user) => target.roomUrl(user, roomId)));
  const latencies = [];
  let deliveries = 0;
  let lastFrameAt = performance.now();
  sockets.forEach((socket) =>
    socket.on('message', (raw) => {
      lastFrameAt = performance.now();
      const frame = JSON.parse(raw.toString());
      if (frame.event !== 'message' || typeof frame.data?.body !== 'string') return;
      const [, sentAt] = frame.data.body.split(':');
      deliveries += 1;
      latencies.push(performance.now() - Number(sentAt));
    }),
  );
  const settleDeadline = performance.now() + 15_000;
  while (settleMs > 0 && performance.now() - lastFrameAt < settleMs && performance.now() < settleDeadline)
    await new Promise((r) => setTimeout(r, 50));
  const total = await paced(rate, seconds, (sent) => {
    sockets[sent % senders].send(target.roomFrame(roomId, `${sent}:${performance.now()}`, `b${sent}`));
  });
  const expected = total * members.length;
  const deadline = performance.now() + 10_000;
  while (deliveries < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await closeAll(sockets);
  return {
    members: members.length,
    offered: rate,
    deliveries,
    lost: expected - deliveries,
    ...summarize(latencies),
  };
}

/** Creates a group room owned by the first user and adds the others over the rooms API. */
export async function createRoomWithMembers(http, users) {
  const [owner, ...others] = users;
  const headers = { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' };
  const created = await fetch(`${http}/rooms`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'bench room' }),
  });
  if (created.status !== 201) throw new Error(`create room: ${created.status} ${await created.text()}`);
  const roomId = (await created.json()).data.id;
  for (const user of others) {
    const added = await fetch(`${http}/rooms/${roomId}/members`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: user.username }),
    });
    if (!added.ok) throw new Error(`add member: ${added.status} ${await added.text()}`);
  }
  return roomId;
}
