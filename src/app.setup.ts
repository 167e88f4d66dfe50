// Everything a running app needs beyond its modules, shared by main.ts and the e2e tests so both
// boot the same server.
import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { Server } from 'node:http';
import {
  applyServerTimeouts,
  applyTrustProxy,
  securityHeaders,
} from './common/http/http-server-hardening.js';
import { Configuration } from './config/configuration.js';
import { JsonLogger } from './common/logging/json-logger.js';
import { requestIdMiddleware } from './common/logging/request-id.js';
import { ApiDocuments } from './docs/api-documents.js';
import { buildOpenApiDocument } from './docs/openapi-document.js';
import { HttpMetrics } from './metrics/index.js';
import { RealtimeWsAdapter } from './realtime/realtime-ws.adapter.js';

export function configureApp(app: INestApplication): void {
  const config = app.get(Configuration).of('app');
  app.get(JsonLogger).setLevel(config.logLevel);
  // First, so `http_request_duration_seconds` times every later middleware too.
  app.use(app.get(HttpMetrics).middleware);
  app.use(securityHeaders());
  applyTrustProxy(app, config);
  applyServerTimeouts(app.getHttpServer() as Server, config);
  const origins = config.corsOrigins ?? (config.production ? undefined : true);
  if (origins !== undefined)
    app.enableCors({ origin: origins, exposedHeaders: ['X-Request-Id', 'Retry-After'] });
  // Without a WebSocket adapter Nest falls back to socket.io and exits (STACK.md).
  app.useWebSocketAdapter(new RealtimeWsAdapter(app));
  // Signals are handled by main.ts (drain, then close, then exit 0), not by Nest's shutdown hooks.
  mountOpenApi(app);
}

function mountOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  app.get(ApiDocuments).publishOpenApi(document);
  // The UI's routes are Express handlers mounted before Nest's middleware: give them a request id too.
  app.use('/docs', requestIdMiddleware);
  // /docs-json is DocsController's (a Nest route: logged, with X-Request-Id); the UI embeds the document.
  SwaggerModule.setup('docs', app, document, { raw: false });
}
