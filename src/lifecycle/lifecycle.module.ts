import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { GracefulShutdown } from './graceful-shutdown.service.js';

/** Graceful shutdown; other modules join it with `@ShutdownParticipant()`. */
@Module({
  imports: [DiscoveryModule],
  providers: [GracefulShutdown],
  exports: [GracefulShutdown],
})
export class LifecycleModule {}
