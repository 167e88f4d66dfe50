// The WebSocket transport on the HTTP port: one `upgrade` listener that matches every gateway path
// (parameters included), authenticates and checks the handshake BEFORE accepting it, and answers a
// refusal as plain HTTP. Frames are dispatched per protocol: `{event, data}` JSON on /ws, raw text on
// /chats/*. This subclass touches WsAdapter internals: @nestjs/platform-ws is pinned, and the e2e
// suites under test/ws-*.e2e-spec.ts run on it.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { WsAdapter } from '@nestjs/platform-ws';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { match, type MatchFunction } from 'path-to-regexp';
import type { Observable } from 'rxjs';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { findUnsafeInput, textProblem } from '../common/input/text-safety.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { Metrics, type Count } from '../metrics/index.js';
import { ConnectionRegistry } from './connection-registry.js';
import { RealtimeConnection, type Framing } from './connection.js';
import { REALTIME_GATEWAY_MARK, type RealtimeGatewayOptions } from './realtime-gateway.decorator.js';
import { CloseCode, errorFrame, type WireError } from './frames.js';
import { buildGatewayHandlers, type GatewayHandlers } from './gateway-handlers.js';
import { SessionLifetime } from './session-lifetime.js';
import type { Admission } from './admissions.js';
import { UpgradeAdmissions } from './upgrade-admissions.js';
import { UpgradeAuthenticator } from './upgrade-authenticator.js';
import { unsafeParamsRejection, wsUnsafeInputError } from './unsafe-input.js';
import { headerValue, rejectionFor, UpgradeRejection, upgradeCheckOf, writeRejection } from './upgrade.js';

/** API.md §6: frames over 64 KiB close the connection with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** The subprotocol a client offers beside `bearer.<jwt>`; selecting it lets browsers complete the handshake. */
export const SUBPROTOCOL = 'p-chat';
/** The event a raw-text frame is dispatched as; gateways of raw-text routes subscribe to it. */
export const RAW_TEXT_EVENT = 'raw.text';
/**
 * How long a socket the server closes (slow consumer 4008, expired or revoked session, …) may take to
 * answer the close before it is destroyed. ws waits 30 s by default: a slow consumer — its close frame
 * queued behind the MiB it has not read — then held that buffer, and its place in `ws_connections`, for
 * 30 s after the cut.
 */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 5000;
/** How long a shutdown waits for clients to answer the 1001 close before cutting them off. */
const SHUTDOWN_GRACE_MS = 1000;

/** One path and the servers of the gateways that share it (one ws server per gateway). */
interface Route {
  servers: WebSocketServer[];
  path: string;
  framing: Framing;
  match: MatchFunction<Record<string, string>>;
}

/** A gateway's handler for one event, bound to the connection. */
interface EventHandler {
  callback: (data: unknown, event: string) => unknown;
  /** Nest's handling of a returned value (observable, promise or plain value). */
  transform: (data: unknown) => Observable<unknown>;
}

interface ClientFrame {
  event: string;
  data: unknown;
}

export class RealtimeWsAdapter extends WsAdapter {
  private readonly routes: Route[] = [];
  /** Per connection, the handlers of every gateway on its path, merged. */
  private readonly handlers = new WeakMap<RealtimeConnection, Map<string, EventHandler>>();
  private readonly registry: ConnectionRegistry;
  private readonly authenticator: UpgradeAuthenticator;
  private readonly admissions: UpgradeAdmissions;
  private readonly lifetime: SessionLifetime;
  private readonly log: JsonLogger;
  private readonly pingIntervalMs: number;
  private readonly framesReceived: Record<Framing, Count>;
  private heartbeat: NodeJS.Timeout | undefined;
  private upgradeTarget: HttpServer | undefined;
  private readonly app: INestApplication;
  /** Built at the first connection, once every gateway is connected (see gateway-handlers.ts). */
  private gatewayHandlers: GatewayHandlers | undefined;

  constructor(app: INestApplication) {
    super(app);
    this.app = app;
    this.registry = app.get(ConnectionRegistry);
    this.authenticator = app.get(UpgradeAuthenticator);
    this.admissions = app.get(UpgradeAdmissions);
    this.lifetime = app.get(SessionLifetime);
    this.log = app.get(JsonLogger);
    this.pingIntervalMs = app.get(Configuration).of('realtime').pingIntervalMs;
    const metrics = app.get(Metrics);
    this.framesReceived = {
      events: metrics.framesReceived('ws'),
      'raw-text': metrics.framesReceived('chats'),
    };
  }

  override create(port: number, options?: Record<string, unknown> & { path?: string }): WebSocketServer {
    const {
      framing = 'events',
      [REALTIME_GATEWAY_MARK]: marked,
      ...rest
    } = (options ?? {}) as Partial<RealtimeGatewayOptions> & Record<string, unknown>;
    if (!marked) throw new Error('p-chat gateways are declared with @RealtimeGateway(path)');
    if (port !== 0 || !rest.path) throw new Error('p-chat gateways share the HTTP port and need a path');
    const server = super.create(0, {
      ...rest,
      maxPayload: MAX_FRAME_BYTES,
      closeTimeout: CLOSE_HANDSHAKE_TIMEOUT_MS,
      handleProtocols: (offered: Set<string>) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    }) as WebSocketServer & { path: string };
    const existing = this.routes.find((route) => route.path === server.path);
    if (existing && existing.framing !== framing)
      throw new Error(`gateways on ${server.path} disagree on framing`);
    if (existing) existing.servers.push(server);
    else
      this.routes.push({
        servers: [server],
        path: server.path,
        framing,
        match: match<Record<string, string>>(server.path, { decode: decodeURIComponent }),
      });
    return server;
  }

  protected override ensureHttpServerExists(port: number, httpServer?: HttpServer): HttpServer | undefined {
    if (this.httpServersRegistry.has(port) || !httpServer) return undefined;
    this.httpServersRegistry.set(port, httpServer);
    httpServer.on('upgrade', this.onUpgrade);
    this.upgradeTarget = httpServer;
    this.startHeartbeat();
    return httpServer;
  }

  /** The base class would call `on` of the client object; clients here are RealtimeConnections. */
  override bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('error', (error) => this.log.errorEvent('ws server error', error));
    return server;
  }

  override bindClientDisconnect(client: RealtimeConnection, callback: () => void): void {
    client.socket.once('close', callback);
  }

  /** Called once per gateway of the connection's path: the handlers join the connection's one map. */
  override bindMessageHandlers(
    client: RealtimeConnection,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    const byEvent = this.handlers.get(client);
    if (!byEvent) return;
    this.gatewayHandlers ??= buildGatewayHandlers(this.app);
    const ours = this.gatewayHandlers.get(client.route);
    for (const handler of handlers) {
      const event = handler.message as string;
      if (byEvent.has(event)) {
        this.log.event('error', 'ws event handled by two gateways; the first one wins', { event });
        continue;
      }
      // The same gateway method and pipeline without the @HttpOnly global enhancers, when there is one.
      const built = ours?.get(event);
      const callback = built
        ? (data: unknown, name: string) => built(client, data, name)
        : (handler.callback as EventHandler['callback']);
      byEvent.set(event, { callback, transform });
    }
  }

  private dispatch(client: RealtimeConnection, data: RawData, isBinary: boolean): void {
    this.framesReceived[client.framing].inc();
    const frame = this.decode(client, data, isBinary);
    if (!frame) return;
    const handler = this.handlers.get(client)?.get(frame.event);
    if (!handler) {
      this.sendError(
        client,
        { code: 'UNKNOWN_EVENT', message: `unknown event "${frame.event}"` },
        frame.event,
      );
      return;
    }
    // Handlers answer through the registry themselves (ack ordering, send bounds); errors reach the
    // gateway's exception filter, which writes the `error` frame. Anything left here is a bug.
    const failed = (error: unknown): void =>
      this.log.errorEvent('ws handler failed', error, { event: frame.event });
    Promise.resolve(handler.callback(frame.data, frame.event)).then((returned) => {
      // Most handlers return nothing: no observable to build for them.
      if (returned === undefined || returned === null) return;
      handler.transform(returned).subscribe({
        next: (result) => {
          if (result !== undefined && result !== null) this.registry.send(client, JSON.stringify(result));
        },
        error: failed,
      });
    }, failed);
  }

  override async close(server: WebSocketServer): Promise<void> {
    for (const connection of this.registry.connections()) connection.closingBecause('shutdown');
    const sockets = [...server.clients];
    for (const socket of sockets) socket.close(CloseCode.goingAway, 'server shutting down');
    await Promise.race([Promise.all(sockets.map(closed)), delay(SHUTDOWN_GRACE_MS)]);
    for (const socket of sockets) if (socket.readyState !== socket.CLOSED) socket.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  override async dispose(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.upgradeTarget?.off('upgrade', this.onUpgrade);
    this.upgradeTarget = undefined;
    await super.dispose();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'ws://localhost');
    } catch {
      writeRejection(socket, new UpgradeRejection(400, 'BAD_REQUEST', 'bad request target'), false, request);
      return;
    }
    const found = this.route(url.pathname);
    if (!found) {
      writeRejection(
        socket,
        new UpgradeRejection(404, 'NOT_FOUND', 'no WebSocket route here'),
        false,
        request,
      );
      return;
    }
    const unsafe = unsafeParamsRejection(found.params);
    if (unsafe) {
      writeRejection(socket, unsafe, found.route.framing === 'raw-text', request);
      return;
    }
    void this.admit(found.route, found.params, url, request, socket, head);
  };

  private route(pathname: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      try {
        const result = route.match(pathname);
        if (result) return { route, params: { ...result.params } };
      } catch {
        // A malformed %-escape cannot name anything here.
        return undefined;
      }
    }
    return undefined;
  }

  private async admit(
    route: Route,
    params: Record<string, string>,
    url: URL,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): Promise<void> {
    const flash = route.framing === 'raw-text';
    let admission: Admission | undefined;
    let user;
    let routeState: unknown;
    try {
      user = await this.authenticator.authenticate(request, url, flash);
      // Registered before the next database round trips, so a revocation landing meanwhile finds it.
      admission = this.admissions.admit(user);
      for (const server of route.servers) {
        const state = await upgradeCheckOf(server)?.({ user, params });
        if (state !== undefined) routeState = state;
      }
      await this.admissions.confirm(admission, user);
    } catch (error) {
      if (admission) this.admissions.release(admission);
      const rejection = rejectionFor(error);
      if (rejection.status >= 500) this.log.errorEvent('ws upgrade failed', error, { route: route.path });
      writeRejection(socket, rejection, flash, request);
      return;
    }
    const admitted = admission;
    if (socket.destroyed) {
      this.admissions.release(admitted);
      return;
    }
    // Any of the path's servers can complete the handshake: they share options (subprotocol, limits).
    route.servers[0].handleUpgrade(request, socket, head, (ws) => {
      this.admissions.release(admitted);
      const connection = this.open(route, ws, user, params, routeState, request);
      // Revoked between the last check and this callback: the socket is closed at once, with 4001.
      if (admitted.revoked) this.lifetime.expire(connection, 'revoked');
    });
  }

  private open(
    route: Route,
    socket: WebSocket,
    user: Awaited<ReturnType<UpgradeAuthenticator['authenticate']>>,
    params: Record<string, string>,
    routeState: unknown,
    request: IncomingMessage,
  ): RealtimeConnection {
    const connection = new RealtimeConnection(socket, user, route.framing, route.path, params, routeState);
    socket.on('error', (error) =>
      this.log.event('debug', 'ws client error', { connection: connection.id, error: error.message }),
    );
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.once('close', () => {
      this.registry.remove(connection);
      this.lifetime.unwatch(connection);
    });
    this.handlers.set(connection, new Map());
    socket.on('message', (data: RawData, isBinary: boolean) => this.dispatch(connection, data, isBinary));
    this.registry.add(connection);
    this.lifetime.watch(connection);
    this.log.event('debug', 'ws open', {
      connection: connection.id,
      route: route.path,
      user_id: user.userId,
      user_agent: headerValue(request, 'user-agent'),
    });
    // Each gateway of the path binds its handlers (synchronously) and gets its handleConnection.
    for (const server of route.servers) server.emit('connection', connection, request);
    return connection;
  }

  private decode(client: RealtimeConnection, data: RawData, isBinary: boolean): ClientFrame | undefined {
    if (isBinary) {
      this.sendError(client, { code: 'BAD_FRAME', message: 'binary frames are not accepted' }, null);
      return undefined;
    }
    const text = rawText(data);
    if (client.framing === 'raw-text') {
      const problem = textProblem(text);
      if (problem === undefined) return { event: RAW_TEXT_EVENT, data: text };
      this.sendError(client, { code: 'VALIDATION_FAILED', message: `body: ${problem}` }, null);
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.sendError(client, { code: 'BAD_FRAME', message: 'frame is not valid JSON' }, null);
      return undefined;
    }
    const unsafe = findUnsafeInput(parsed);
    if (unsafe) {
      const ref =
        typeof (parsed as { event?: unknown }).event === 'string'
          ? (parsed as { event: string }).event
          : null;
      this.sendError(client, wsUnsafeInputError(unsafe), unsafe.kind === 'too_deep' ? null : ref);
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.sendError(
        client,
        { code: 'BAD_FRAME', message: 'a frame is {"event": string, "data": object}' },
        null,
      );
      return undefined;
    }
    const { event, data: payload } = parsed as { event?: unknown; data?: unknown };
    if (typeof event !== 'string' || event === '') {
      this.sendError(client, { code: 'BAD_FRAME', message: 'a frame needs a string "event"' }, null);
      return undefined;
    }
    if (
      payload !== undefined &&
      (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    ) {
      this.sendError(client, { code: 'VALIDATION_FAILED', message: 'data must be an object' }, event);
      return undefined;
    }
    return { event, data: payload ?? {} };
  }

  private sendError(client: RealtimeConnection, error: WireError, ref: string | null): void {
    this.registry.send(client, errorFrame(client.framing, error, ref));
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const connection of this.registry.connections()) {
        if (!connection.alive) {
          connection.closingBecause('timeout');
          connection.socket.terminate();
          continue;
        }
        connection.alive = false;
        if (connection.isOpen) connection.socket.ping();
      }
    }, this.pingIntervalMs);
    this.heartbeat.unref();
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function closed(socket: WebSocket): Promise<void> {
  return socket.readyState === socket.CLOSED
    ? Promise.resolve()
    : new Promise((resolve) => socket.once('close', () => resolve()));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
