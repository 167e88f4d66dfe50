import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { UsersModule } from '../users/users.module.js';
import { ChatEventsGateway } from './chat-events.gateway.js';
import { ChatModule } from './chat.module.js';
import { ConnectionPresence } from './connection-presence.js';
import { DeliveredReads } from './delivered-reads.js';
import { FlashChatGateway } from './flash-chat.gateway.js';
import { FlashDelivery } from './flash-delivery.js';
import { LiveDelivery } from './live-delivery.js';

/** The WebSocket side of chat: both gateways, presence from connections, live (and flash backlog) delivery. */
@Module({
  imports: [ChatModule, RealtimeModule, UsersModule],
  providers: [
    ChatEventsGateway,
    FlashChatGateway,
    ConnectionPresence,
    LiveDelivery,
    FlashDelivery,
    DeliveredReads,
  ],
})
export class ChatGatewaysModule {}
