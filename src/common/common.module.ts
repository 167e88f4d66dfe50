import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './events/domain-events.js';
import { JsonLogger } from './logging/json-logger.js';

@Global()
@Module({
  providers: [JsonLogger, DomainEvents],
  exports: [JsonLogger, DomainEvents],
})
export class CommonModule {}
