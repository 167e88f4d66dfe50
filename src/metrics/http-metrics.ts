// `http_request_duration_seconds`: every HTTP response, timed from the first middleware to the last
// byte handed to the socket, labelled with its method, route template and status.
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics.js';
import { expressRoutes, RouteTemplates } from './route-templates.js';

@Injectable()
export class HttpMetrics {
  private readonly templates: RouteTemplates;

  constructor(
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(HttpAdapterHost) adapterHost: HttpAdapterHost,
  ) {
    this.templates = new RouteTemplates(() => expressRoutes(adapterHost.httpAdapter.getInstance()));
  }

  /** Mounted first (app.setup.ts), so the time includes every middleware, guard and filter. */
  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (!this.metrics.enabled) return next();
    const started = performance.now();
    response.once('finish', () => {
      const url = request.originalUrl;
      const query = url.indexOf('?');
      const route = this.templates.of({
        method: request.method,
        path: query === -1 ? url : url.slice(0, query),
        baseUrl: request.baseUrl,
        route: request.route as { path?: unknown } | undefined,
      });
      this.metrics.httpRequest(
        request.method,
        route,
        response.statusCode,
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
