// What the HTTP server itself must bound and trust, set on the Node server and Express app that Nest made.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../../config/app.config.js';

/** How often Node looks for connections past their header/request timeouts (its default is 30 s). */
const CONNECTIONS_CHECK_INTERVAL_MS = 1000;

/**
 * Explicit bounds instead of Node's lenient defaults (60 s for headers, 5 min per request): a client
 * that opens connections and trickles or withholds its request (Slowloris) is dropped within
 * `headersTimeout`. Node's own header-timeout checker was seen not to fire in this app (a silent
 * connection stayed open past it), so each connection also carries a deadline of ours: armed when it
 * opens and whenever it goes back to waiting for a request, cleared once a request's headers are in.
 * Upgraded WebSockets leave HTTP at that point and are unaffected.
 */
export function applyServerTimeouts(server: Server, config: AppConfig): void {
  const headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
  server.headersTimeout = headersTimeout;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  // Read by Node when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    CONNECTIONS_CHECK_INTERVAL_MS;

  const deadlines = new WeakMap<Socket, NodeJS.Timeout>();
  const disarm = (socket: Socket): void => clearTimeout(deadlines.get(socket));
  const arm = (socket: Socket, ms: number): void => {
    disarm(socket);
    const deadline = setTimeout(() => socket.destroy(), ms);
    deadline.unref();
    deadlines.set(socket, deadline);
  };
  server.on('connection', (socket: Socket) => {
    arm(socket, headersTimeout);
    socket.once('close', () => disarm(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    disarm(request.socket);
    response.once('finish', () => {
      // Kept alive: idle up to keepAliveTimeout (Node closes it then), then the next request's headers.
      if (!request.socket.destroyed) arm(request.socket, config.keepAliveTimeoutMs + headersTimeout);
    });
  });
  server.on('upgrade', (request: IncomingMessage) => disarm(request.socket));
}

/** `TRUST_PROXY` → Express's `trust proxy`: `req.ip` (rate limits, session ip, logs) follows it. */
export function applyTrustProxy(app: INestApplication, config: AppConfig): void {
  const express = app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void };
  express.set('trust proxy', config.trustProxy === false ? false : config.trustProxy);
}

const DOCS = /^\/docs(\/|-json|$)/;

/**
 * helmet everywhere, but the OpenAPI UI pages get a CSP without `upgrade-insecure-requests`: with it
 * a browser fetches the UI's scripts over https from any host name but localhost, and /docs is blank
 * when served over plain http (a LAN address, a container name). TLS, where used, ends at a proxy.
 */
export function securityHeaders(): RequestHandler {
  const everywhere = helmet();
  const docs = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  return (request: Request, response: Response, next: NextFunction) =>
    (DOCS.test(request.path) ? docs : everywhere)(request, response, next);
}
