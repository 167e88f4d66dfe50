// Where an access token may travel (API.md §2): the Authorization header — scheme word case-insensitive,
// space optional (`Bearer<jwt>` from old clients); on the old clients' paths (flash routes, `/chats/*`)
// also a bare `<jwt>` with no scheme word — and, for WebSocket upgrades only, the `bearer.<jwt>`
// subprotocol or the `token` query parameter.

const BEARER = /^\s*bearer\s*(\S+)\s*$/i;
/** A compact JWS (three base64url parts) alone: what the original flash clients sent. */
const BARE_JWT = /^\s*([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/;
const SUBPROTOCOL_PREFIX = 'bearer.';

export interface AuthorizationHeaderOptions {
  /** Accept `Authorization: <jwt>` without a scheme word (flash routes and `/chats/*` only). */
  bare?: boolean;
}

export function tokenFromAuthorizationHeader(
  header: string | undefined,
  { bare = false }: AuthorizationHeaderOptions = {},
): string | undefined {
  if (header === undefined) return undefined;
  return BEARER.exec(header)?.[1] ?? (bare ? BARE_JWT.exec(header)?.[1] : undefined);
}

export function tokenFromSubprotocols(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const offered = header.split(',').map((item) => item.trim());
  const bearer = offered.find((item) => item.toLowerCase().startsWith(SUBPROTOCOL_PREFIX));
  return bearer?.slice(SUBPROTOCOL_PREFIX.length) || undefined;
}
