// What the upgrade of a WebSocket route must pass before the handshake (API.md §2, §6), and how a
// refusal is written: a plain HTTP status, never a WebSocket frame.
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { WebSocketServer } from 'ws';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';
import { statusFor } from '../common/http/error-status.js';

/** A refusal decided by the transport itself (no route, origin, token, scope). */
export class UpgradeRejection extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface UpgradeContext {
  user: AuthUser;
  params: Readonly<Record<string, string>>;
}

/**
 * A route's own checks, after authentication and before the handshake (e.g. `/chats/:username`: the peer
 * exists and is not the caller). Throw a DomainError to refuse: its kind picks the status. What it
 * resolves to is kept as the connection's `routeState`.
 */
export type UpgradeCheck = (context: UpgradeContext) => Promise<unknown>;

const checks = new WeakMap<WebSocketServer, UpgradeCheck>();

/** Called by a gateway from `afterInit(server)`. */
export function setUpgradeCheck(server: WebSocketServer, check: UpgradeCheck): void {
  checks.set(server, check);
}

export function upgradeCheckOf(server: WebSocketServer): UpgradeCheck | undefined {
  return checks.get(server);
}

/** The HTTP refusal for an error raised while deciding an upgrade. */
export function rejectionFor(error: unknown): UpgradeRejection {
  if (error instanceof UpgradeRejection) return error;
  if (error instanceof DomainError)
    return new UpgradeRejection(statusFor('session', error.kind), error.code, error.message);
  if (isDatabaseUnavailable(error))
    return new UpgradeRejection(503, 'DATABASE_UNAVAILABLE', 'database unavailable');
  return new UpgradeRejection(500, 'INTERNAL', 'internal error');
}

/** Answers the upgrade request with a plain HTTP response in the route family's envelope, then hangs up. */
export function writeRejection(socket: Duplex, rejection: UpgradeRejection, flash: boolean): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const { status, code, message } = rejection;
  const body = JSON.stringify(
    flash ? { code: String(status), message, content: null } : { status: 'Error', error: { code, message } },
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      // Like every HTTP answer (API.md §6); the upgrade request's own id is not known here.
      `X-Request-Id: ${randomUUID()}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  );
}

export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
