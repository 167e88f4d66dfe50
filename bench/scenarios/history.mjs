// History paging on a room holding many messages (real PostgreSQL): GET /rooms/:id/messages?limit=50
// at random `before` cursors. Reference: GET /health on the same server, measured in the same run.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { summarize } from '../lib/stats.mjs';

async function timedGets(urls, headers) {
  const latencies = [];
  for (const url of urls) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    latencies.push(performance.now() - started);
  }
  return summarize(latencies);
}

export async function historyPage(target, owner, database, { rows, requests }) {
  const http = target.server.http;
  const headers = { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' };
  const created = await fetch(`${http}/rooms`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'history bench' }),
  });
  const roomId = (await created.json()).data.id;
  const client = new pg.Client(database.connection);
  await client.connect();
  try {
    const {
      rows: [sender],
    } = await client.query('SELECT id FROM users WHERE username = $1', [owner.username]);
    await client.query(
      `INSERT INTO messages (room_id, seq, sender_id, body, sent_at)
       SELECT $1, g, $2, 'history message ' || g, now() - make_interval(secs => $3 - g)
       FROM generate_series(1, $3::int) AS g`,
      [roomId, sender.id, rows],
    );
    await client.query('UPDATE rooms SET last_seq = $2 WHERE id = $1', [roomId, rows]);
    await client.query('ANALYZE messages');
  } finally {
    await client.end();
  }
  const cursor = () => 1 + Math.floor(Math.random() * rows);
  const pages = Array.from(
    { length: requests },
    () => `${http}/rooms/${roomId}/messages?limit=50&before=${cursor()}`,
  );
  await timedGets(pages.slice(0, 50), headers); // warm up
  const page = await timedGets(pages, headers);
  const reference = await timedGets(
    Array.from({ length: requests }, () => `${http}/health`),
    headers,
  );
  return { ...page, reference };
}
