import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ReadinessCheckProvider, type ReadinessCheck } from './readiness-check.js';

/** Every provider marked `@ReadinessCheckProvider()`, collected once the app has booted. */
@Injectable()
export class ReadinessChecks implements OnApplicationBootstrap {
  private checks: ReadinessCheck[] = [];

  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.checks = this.discovery
      .getProviders({ metadataKey: ReadinessCheckProvider.KEY })
      .map((wrapper) => wrapper.instance as ReadinessCheck | undefined)
      .filter((check): check is ReadinessCheck => typeof check?.check === 'function');
  }

  all(): readonly ReadinessCheck[] {
    return this.checks;
  }
}
