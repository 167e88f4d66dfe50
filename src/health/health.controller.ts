import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators/public.decorator.js';
import { ApiPlainResponse } from '../common/openapi/api-responses.js';
import { HEALTH_REPORT, LIVENESS } from './health.openapi.js';
import { ReadinessChecks } from './readiness-checks.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(TypeOrmHealthIndicator) private readonly database: TypeOrmHealthIndicator,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReadinessChecks) private readonly extraChecks: ReadinessChecks,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers (no dependencies checked)' })
  @ApiPlainResponse(LIVENESS, { description: 'the process is up', example: { status: 'ok' } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, the fan-out engine and Redis when configured; 200 or 503' })
  @ApiPlainResponse(HEALTH_REPORT('ok'), {
    description: 'every dependency is up',
    example: {
      status: 'ok',
      info: { database: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' } },
    },
  })
  @ApiPlainResponse(HEALTH_REPORT('error'), {
    status: 503,
    description: 'a dependency is down (`error` names it)',
    example: {
      status: 'error',
      info: {},
      error: { database: { status: 'down', message: 'timeout' } },
      details: { database: { status: 'down', message: 'timeout' } },
    },
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult | object> {
    try {
      return await this.health.check([
        // The connection given, not looked up: terminus would import @nestjs/typeorm by a computed name,
        // which in the bundle (scripts/bundle-server.mjs) is a second copy with its own tokens.
        () => this.database.pingCheck('database', { connection: this.dataSource, timeout: 3000 }),
        ...this.extraChecks.all().map((check) => () => check.check()),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as object;
    }
  }
}
