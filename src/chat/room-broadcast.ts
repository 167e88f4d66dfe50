// "Send this frame to the members of a room, on every instance": the one helper a module needs to
// announce something live. Frames are typed by `ServerEventMap`; delivery (membership resolution,
// serialisation once per protocol, send bounds) is LiveDelivery's.
import { Inject, Injectable } from '@nestjs/common';
import { ClusterEvents } from '../fanout/cluster-events.js';
import type { FanoutTopic } from '../fanout/fanout.js';
import {
  CLIENT_FRAME,
  type ClientFrameDelivery,
  type DeliveryClass,
  type DeliveryOrigin,
  type ServerEventMap,
  type ServerEventName,
} from '../realtime/server-events.js';

export interface BroadcastOptions extends DeliveryClass, DeliveryOrigin {
  /** For a room's ordered stream (messages): its seq, so every instance delivers in that order. */
  seq?: number;
}

@Injectable()
export class RoomBroadcast {
  constructor(@Inject(ClusterEvents) private readonly cluster: ClusterEvents) {}

  /** To every connection of the room's current members. Best effort: clients recover with `resume`. */
  toRoom<K extends ServerEventName>(
    roomId: string,
    event: K,
    data: ServerEventMap[K],
    options: BroadcastOptions = {},
  ): void {
    this.send({ kind: 'room', roomId }, event, data, options);
  }

  /** To every connection of one user (e.g. a member who just left, no longer resolved from the room). */
  toUser<K extends ServerEventName>(
    userId: string,
    event: K,
    data: ServerEventMap[K],
    options: BroadcastOptions = {},
  ): void {
    this.send({ kind: 'user', userId }, event, data, options);
  }

  private send<K extends ServerEventName>(
    topic: FanoutTopic,
    event: K,
    data: ServerEventMap[K],
    { seq, sheddable, origin }: BroadcastOptions,
  ): void {
    const frame = {
      event,
      data,
      ...(sheddable ? { sheddable } : {}),
      ...(origin === undefined ? {} : { origin }),
    } as ClientFrameDelivery;
    this.cluster.announce(topic, CLIENT_FRAME, frame, { seq });
  }
}
