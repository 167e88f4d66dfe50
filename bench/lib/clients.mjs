// Load-generator clients: accounts over the flash API and WebSocket connections to either server.
import { WebSocket } from 'ws';

export async function registerUsers(http, count, prefix, concurrency = 8) {
  const users = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const index = next++;
      const username = `${prefix}${index}`.slice(0, 32);
      const response = await fetch(`${http}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: username, username, password: 'bench-password' }),
      });
      if (!response.ok) throw new Error(`register ${username}: ${response.status} ${await response.text()}`);
      users[index] = { username, token: (await response.json()).content.token };
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return users;
}

export function connect(url, options = {}) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    );
  });
}

export async function connectAll(urls, concurrency = 200) {
  const sockets = new Array(urls.length);
  let next = 0;
  async function worker() {
    while (next < urls.length) {
      const index = next++;
      sockets[index] = await connect(urls[index]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  return sockets;
}

export function closeAll(sockets) {
  return Promise.all(
    sockets.map(
      (socket) =>
        new Promise((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', resolve);
          socket.terminate();
        }),
    ),
  );
}

/** How each server under test names the same thing. */
export const targets = {
  pchat: (server) => ({
    server,
    dmUrl: (user, peer) => `${server.ws}/chats/${peer.username}?token=${user.token}`,
    roomUrl: (user) => `${server.ws}/ws?token=${user.token}`,
    roomFrame: (roomId, body, clientId) =>
      JSON.stringify({ event: 'message.send', data: { room_id: roomId, body, client_id: clientId } }),
  }),
  /**
   * p-chat spread over several instances: each user is connected to `servers[placement.get(username)]`.
   * `server` (the first instance) serves REST and is the one whose memory a scenario would read.
   */
  spread: (servers, placement) => {
    const of = (user) => servers[placement.get(user.username) ?? 0];
    return {
      server: servers[0],
      dmUrl: (user, peer) => `${of(user).ws}/chats/${peer.username}?token=${user.token}`,
      roomUrl: (user) => `${of(user).ws}/ws?token=${user.token}`,
      roomFrame: targets.pchat(servers[0]).roomFrame,
    };
  },
  bare: (server) => ({
    server,
    dmUrl: (user, peer) => `${server.ws}/chats/${peer.username}?as=${user.username}`,
    roomUrl: (user, roomId) => `${server.ws}/rooms/${roomId}?as=${user.username}`,
    roomFrame: (_roomId, body) => body,
  }),
};
