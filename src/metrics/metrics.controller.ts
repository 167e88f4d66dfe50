import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/decorators/public.decorator.js';
import { NotFoundError, UnauthorizedError } from '../common/errors/domain-error.js';
import { ApiErrors, ApiPlainResponse, errorDoc } from '../common/openapi/api-responses.js';
import { Configuration } from '../config/configuration.js';
import { metricsAccess, type MetricsAccessRule } from './metrics-access.js';
import { Metrics } from './metrics.js';

/** Prometheus scrapes here (API.md §7). No access token: in production its own METRICS_TOKEN. */
@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly rule: MetricsAccessRule;

  constructor(
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(Configuration) config: Configuration,
  ) {
    const { enabled, token } = config.of('metrics');
    this.rule = { enabled, token, production: config.of('app').production };
  }

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format 0.0.4)',
    description:
      'Open outside production. With `NODE_ENV=production` only with `Authorization: Bearer $METRICS_TOKEN`; ' +
      'without METRICS_TOKEN the route does not exist (404). The families are listed in the README.',
  })
  @ApiPlainResponse(
    { type: 'string' },
    {
      description: 'every metric family of this instance',
      mediaType: 'text/plain',
      example:
        '# HELP ws_connections Open WebSockets on this instance by protocol\n# TYPE ws_connections gauge\nws_connections{protocol="ws"} 3\n',
    },
  )
  @ApiErrors(
    errorDoc(
      { kind: 'unauthorized', code: 'UNAUTHORIZED' },
      'production: `Authorization: Bearer <METRICS_TOKEN>` missing or wrong',
    ),
    errorDoc(
      { kind: 'not_found', code: 'NOT_FOUND' },
      'production without METRICS_TOKEN, or METRICS_ENABLED=false: answered as an unknown route',
    ),
  )
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    switch (metricsAccess(this.rule, authorization)) {
      case 'not_found':
        // Nest's own words for an unknown route: nothing tells a prober the route exists.
        throw new NotFoundError('Cannot GET /metrics');
      case 'unauthorized':
        response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedError('a valid METRICS_TOKEN is required');
      case 'allowed':
        break;
    }
    const body = await this.metrics.scrape();
    response.setHeader('Content-Type', this.metrics.contentType);
    response.setHeader('Cache-Control', 'no-store');
    return body;
  }
}
