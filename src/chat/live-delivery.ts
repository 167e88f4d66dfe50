// Live delivery: every `client.frame` cluster event (from any instance) to this instance's connections.
// Room topics resolve to member connections, user and session topics to that user's or session's
// connections. Each frame is serialised once per protocol and the same string goes to every recipient.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json-logger.js';
import { ClusterEvents } from '../fanout/cluster-events.js';
import type { FanoutTopic } from '../fanout/fanout.js';
import { ConnectionRegistry, type SendPriority } from '../realtime/connection-registry.js';
import type { RealtimeConnection } from '../realtime/connection.js';
import { CLIENT_FRAME, type ClientFrameDelivery } from '../realtime/server-events.js';
import { FlashDelivery, flashFrame } from './flash-delivery.js';
import { MembershipService } from './membership.service.js';

/** Bound on remembered room kinds (a room's kind never changes). */
const MAX_KNOWN_ROOMS = 10_000;

@Injectable()
export class LiveDelivery implements OnModuleInit {
  /** Per room, the tail of its delivery chain: events of a room go out in publish (= seq) order. */
  private readonly roomChains = new Map<string, Promise<void>>();
  private readonly directRooms = new Map<string, boolean>();

  constructor(
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(FlashDelivery) private readonly flash: FlashDelivery,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.cluster.on(CLIENT_FRAME, (delivery, topic) => this.route(topic, delivery));
  }

  private route(topic: FanoutTopic, delivery: ClientFrameDelivery): void {
    switch (topic.kind) {
      case 'room':
        this.inRoomOrder(topic.roomId, () => this.toRoom(topic.roomId, delivery));
        return;
      case 'user':
        this.toEventConnections(this.registry.ofUser(topic.userId), delivery);
        return;
      case 'session':
        this.toEventConnections(this.registry.ofSession(topic.sessionId), delivery);
        return;
      case 'broadcast':
        this.toEventConnections(this.registry.connections(), delivery);
        return;
    }
  }

  private inRoomOrder(roomId: string, deliver: () => Promise<void>): void {
    const previous = this.roomChains.get(roomId) ?? Promise.resolve();
    const next = previous.then(deliver).catch((error: unknown) => {
      this.logger.errorEvent('live delivery failed', error, { room_id: roomId });
    });
    this.roomChains.set(roomId, next);
    void next.then(() => {
      if (this.roomChains.get(roomId) === next) this.roomChains.delete(roomId);
    });
  }

  private async toRoom(roomId: string, delivery: ClientFrameDelivery): Promise<void> {
    const members = await this.membership.memberUserIds(roomId);
    const priority = priorityOf(delivery);
    let frame: string | undefined;
    const flashTargets: RealtimeConnection[] = [];
    const message = delivery.event === 'message' ? delivery.data : undefined;
    for (const userId of members) {
      for (const connection of this.registry.ofUser(userId)) {
        if (connection.framing === 'events') {
          frame ??= wireFrame(delivery);
          this.registry.send(connection, frame, priority);
        } else if (message && connection.id !== delivery.origin) {
          // The sender's other /chats sockets get it too (its other devices); the sending one does not.
          flashTargets.push(connection);
        }
      }
    }
    if (message && flashTargets.length > 0 && (await this.isDirect(roomId, members))) {
      const flash = flashFrame(message);
      for (const connection of flashTargets) this.flash.deliver(connection, message, flash);
    }
  }

  private toEventConnections(connections: Iterable<RealtimeConnection>, delivery: ClientFrameDelivery): void {
    const priority = priorityOf(delivery);
    let frame: string | undefined;
    for (const connection of connections) {
      if (connection.framing !== 'events') continue;
      frame ??= wireFrame(delivery);
      this.registry.send(connection, frame, priority);
    }
  }

  /** `/chats/*` carries direct messages only; a room's kind never changes, so it is remembered. */
  private async isDirect(roomId: string, members: string[]): Promise<boolean> {
    const known = this.directRooms.get(roomId);
    if (known !== undefined) return known;
    if (members.length !== 2) return false;
    const { room } = await this.membership.access(members[0], roomId);
    const direct = room.kind === 'direct';
    if (this.directRooms.size >= MAX_KNOWN_ROOMS) this.directRooms.clear();
    this.directRooms.set(roomId, direct);
    return direct;
  }
}

/** The `{event, data}` frame, without the delivery class that travelled beside it. */
function wireFrame(delivery: ClientFrameDelivery): string {
  return JSON.stringify({ event: delivery.event, data: delivery.data });
}

function priorityOf(delivery: ClientFrameDelivery): SendPriority {
  return delivery.sheddable ? 'sheddable' : 'normal';
}
