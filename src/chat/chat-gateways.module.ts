import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { UsersModule } from '../users/users.module.js';
import { ChatEventsGateway } from './chat-events.gateway.js';
import { FlashChatGateway } from './flash-chat.gateway.js';

/** The WebSocket side of chat: both gateways and live delivery from FANOUT to local connections. */
@Module({
  imports: [RealtimeModule, UsersModule],
  providers: [ChatEventsGateway, FlashChatGateway],
})
export class ChatGatewaysModule {}
