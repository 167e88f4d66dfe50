import { Global, Module } from '@nestjs/common';
import { FANOUT } from './fanout.js';
import { LocalFanout } from './local-fanout.js';

/**
 * Provides the FANOUT seam. Only `local` exists so far; FANOUT=redis|postgres arrive with the
 * scale-out work and are chosen here from the `fanout` config namespace.
 */
@Global()
@Module({
  providers: [{ provide: FANOUT, useClass: LocalFanout }],
  exports: [FANOUT],
})
export class FanoutModule {}
