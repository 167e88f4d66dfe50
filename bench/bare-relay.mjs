#!/usr/bin/env node
// The reference: a bare `ws` relay of the flash protocol with no persistence, no auth and no JSON
// parsing of client frames. `/chats/:peer?as=<me>` relays raw text to every socket of the peer as
// {from, body, sent_at}; `/rooms/:id?as=<me>` broadcasts to every socket in that room as a §6
// `message` frame, serialized once. Whatever p-chat costs beyond this is the price of its features.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 0);
const byUser = new Map();
const byRoom = new Map();
const server = createServer((_, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 });

function add(map, key, socket) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(socket);
  socket.on('close', () => set.delete(socket));
}

wss.on('connection', (socket, request) => {
  const url = new URL(request.url, 'http://relay');
  const me = url.searchParams.get('as') ?? 'anonymous';
  const [, kind, target] = url.pathname.split('/');
  add(byUser, me, socket);
  if (kind === 'rooms') add(byRoom, target, socket);
  let seq = 0;
  socket.on('message', (raw) => {
    const body = raw.toString();
    if (kind === 'chats') {
      const frame = JSON.stringify({ from: me, body, sent_at: Math.floor(Date.now() / 1000) });
      for (const peer of byUser.get(target) ?? []) peer.send(frame);
    } else {
      seq += 1;
      const frame = JSON.stringify({
        event: 'message',
        data: { room_id: target, seq, from: { username: me }, body },
      });
      for (const member of byRoom.get(target) ?? []) member.send(frame);
    }
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
