import { Global, Module } from '@nestjs/common';
import { FloodLimitedRouteGuard } from './flood-limited-route.js';
import { MessageBudget } from './message-budget.js';

/** The per-user message budget shared by REST and both WebSocket protocols (API.md §5, §6). */
@Global()
@Module({
  providers: [MessageBudget, FloodLimitedRouteGuard],
  exports: [MessageBudget, FloodLimitedRouteGuard],
})
export class FloodModule {}
