// Memory per idle authenticated socket: server RSS before and after opening N sockets.
import { closeAll, connectAll } from '../lib/clients.mjs';
import { rssBytes } from '../lib/processes.mjs';

export async function idleSockets(target, users, { count, url }) {
  await new Promise((r) => setTimeout(r, 1000));
  const before = rssBytes(target.server.pid);
  const urls = Array.from({ length: count }, (_, i) =>
    url(users[i % users.length], users[(i + 1) % users.length]),
  );
  const sockets = await connectAll(urls, 100);
  await new Promise((r) => setTimeout(r, 3000));
  const after = rssBytes(target.server.pid);
  await closeAll(sockets);
  return {
    sockets: count,
    rssBeforeMiB: before / 2 ** 20,
    rssAfterMiB: after / 2 ** 20,
    bytesPerSocket: (after - before) / count,
  };
}
