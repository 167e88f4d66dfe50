// The AsyncAPI entries of /ws frames against the code: client frames name the events the gateway
// handles, with its frame DTOs' fields; the room events RoomEvents publishes are documented, with valid data.
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { DomainEvents } from '../../common/events/domain-events.js';
import type { JsonLogger } from '../../common/logging/json-logger.js';
import { ClusterEvents } from '../../fanout/cluster-events.js';
import type { Fanout, FanoutEvent } from '../../fanout/fanout.js';
import { dtoFields, gatewayEvents } from '../../realtime/contract/gateway-events.js';
import { CLIENT_FRAME } from '../../realtime/server-events.js';
import { ChatEventsGateway } from '../chat-events.gateway.js';
import type { MessageResponse } from '../dto/message.response.js';
import type { RoomResponse } from '../dto/room.response.js';
import { RoomBroadcast } from '../room-broadcast.js';
import { RoomEvents } from '../room-events.js';
import { CHAT_CLIENT_EVENTS, CHAT_SERVER_EVENTS } from './chat-frames.contract.js';

const handlers = () => gatewayEvents(ChatEventsGateway);

describe('/ws client frames in the AsyncAPI contract', () => {
  it('name exactly the events the gateway handles', () => {
    expect(CHAT_CLIENT_EVENTS.map((frame) => frame.event).sort()).toEqual(
      handlers()
        .map((h) => h.event)
        .sort(),
    );
  });

  it('give each event the fields of its frame DTO', () => {
    for (const { event, frame } of handlers()) {
      const contract = CHAT_CLIENT_EVENTS.find((entry) => entry.event === event);
      const properties = Object.keys(contract?.data.properties ?? {}).sort();
      expect([event, properties]).toEqual([event, dtoFields(frame)]);
    }
  });
});

describe('/ws server events in the AsyncAPI contract', () => {
  it('describe every event RoomEvents publishes, with its data', () => {
    const sent: FanoutEvent[] = [];
    const fanout = {
      publish: (event: FanoutEvent) => (sent.push(event), Promise.resolve()),
    } as unknown as Fanout;
    const cluster = new ClusterEvents(fanout, {} as JsonLogger);
    const events = new RoomEvents(new RoomBroadcast(cluster), cluster, {
      emit: () => undefined,
    } as unknown as DomainEvents);
    const room = '6f1c2a54-8a4e-4b8e-9a37-0d6c1f3e9b10';
    const message = { id: room, room_id: room, seq: 1 } as MessageResponse;
    const who = { roomId: room, userId: room, username: 'popo' };
    events.message(message);
    events.messageEdited(message);
    events.messageDeleted(message);
    events.roomUpdated({ id: room } as RoomResponse);
    events.memberJoined(who, 'member');
    events.memberUpdated(who, 'admin');
    events.memberLeft(who);
    events.roomDeleted(room, [room]);
    events.read(room, 'popo', 3);
    events.typing(room, 'popo');
    // The frames clients get: the `client.frame` deliveries (the rest are cluster housekeeping).
    const published = sent
      .filter((event) => event.event === CLIENT_FRAME)
      .map((event) => event.data as { event: string; data: unknown });

    // Messages and rooms are the REST schemas (checked on every e2e frame); here: the shape around them.
    const ajv = new Ajv({ strict: false });
    (addFormatsModule as unknown as (ajv: Ajv) => Ajv)(ajv);
    const shared = { components: { schemas: { MessageResponse: {}, RoomResponse: {} } } };
    for (const event of published) {
      const contract = CHAT_SERVER_EVENTS.find((entry) => entry.event === event.event);
      expect([event.event, contract !== undefined]).toEqual([event.event, true]);
      const valid = ajv.validate({ ...shared, ...contract?.data }, event.data);
      expect([event.event, valid, ajv.errors ?? null]).toEqual([event.event, true, null]);
    }
    // Every RoomEvents method was called: nine distinct events.
    expect(new Set(published.map((event) => event.event)).size).toBe(9);
  });
});
