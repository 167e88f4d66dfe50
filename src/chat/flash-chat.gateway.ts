// `/chats/:username`: the flash DM protocol (API.md §2). A raw text frame is a message body for the
// direct room of the caller and `:username`.
import { Inject, UseFilters, UseGuards } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { WebSocketServer } from 'ws';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { RealtimeGatewayOptions } from '../realtime/realtime-ws.adapter.js';
import { setUpgradeCheck } from '../realtime/upgrade.js';
import { WsErrorFilter } from '../realtime/ws-error.filter.js';
import { WsPolicyGuard } from '../realtime/ws-policy.guard.js';
import { UserNotFoundError } from '../users/users.errors.js';
import { UsersService } from '../users/users.service.js';

class CannotChatWithSelfError extends DomainError {
  constructor() {
    super('invalid', 'CANNOT_DM_SELF', 'cannot chat with yourself');
  }
}

@WebSocketGateway<RealtimeGatewayOptions>({ path: '/chats/:username', framing: 'raw-text' })
@UseFilters(WsErrorFilter)
@UseGuards(WsPolicyGuard)
export class FlashChatGateway implements OnGatewayInit<WebSocketServer> {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  afterInit(server: WebSocketServer): void {
    setUpgradeCheck(server, ({ user, params }) => this.checkPeer(user, params.username ?? ''));
  }

  private async checkPeer(user: AuthUser, username: string): Promise<void> {
    if (username.toLowerCase() === user.username.toLowerCase()) throw new CannotChatWithSelfError();
    if (!(await this.users.findByUsername(username))) throw new UserNotFoundError();
  }
}
