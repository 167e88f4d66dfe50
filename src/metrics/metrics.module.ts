import { Global, Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/** One registry per app (`Metrics`), the /metrics route, and the HTTP timing middleware. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, HttpMetrics],
  exports: [Metrics, HttpMetrics],
})
export class MetricsModule {}
