// `chat_messages_stored_total`: one per message this instance committed (its own domain event).
import { Inject, Injectable } from '@nestjs/common';
import { OnDomainEvent, type DomainEventMap } from '../common/events/domain-events.js';
import { Metrics, type Count } from '../metrics/index.js';

@Injectable()
export class MessageMetrics {
  private readonly stored: Count;

  constructor(@Inject(Metrics) metrics: Metrics) {
    this.stored = metrics.messagesStored;
  }

  @OnDomainEvent('chat.message.created')
  created(_event: DomainEventMap['chat.message.created']): void {
    this.stored.inc();
  }
}
