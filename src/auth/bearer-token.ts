// Where an access token may travel (API.md §2): the Authorization header — scheme word case-insensitive,
// space optional (`Bearer<jwt>` from old clients) — and, for WebSocket upgrades only, the
// `bearer.<jwt>` subprotocol or the `token` query parameter.

const BEARER = /^\s*bearer\s*(\S+)\s*$/i;
const SUBPROTOCOL_PREFIX = 'bearer.';

export function tokenFromAuthorizationHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return BEARER.exec(header)?.[1];
}

export function tokenFromSubprotocols(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const offered = header.split(',').map((item) => item.trim());
  const bearer = offered.find((item) => item.toLowerCase().startsWith(SUBPROTOCOL_PREFIX));
  return bearer?.slice(SUBPROTOCOL_PREFIX.length) || undefined;
}
