import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/index.js';
import type { ModuleSchema } from '../database/index.js';
import { RealtimeModule } from '../realtime/index.js';
import { Reactions1796143963856 } from './1796143963856-Reactions.js';
import { Reaction } from './reaction.entity.js';
import { ReactionsController } from './reactions.controller.js';
import { ReactionsGateway } from './reactions.gateway.js';
import { Reactions } from './reactions.js';

export const reactionsSchema: ModuleSchema = { entities: [Reaction], migrations: [Reactions1796143963856] };

/** Reactions on messages (API.md §9): the worked example of docs/extending.md. */
@Module({
  imports: [ChatModule, RealtimeModule],
  controllers: [ReactionsController],
  providers: [Reactions, ReactionsGateway],
})
export class ReactionsModule {}
