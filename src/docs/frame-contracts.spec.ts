// Every gateway on /ws against the AsyncAPI document's client frames: each event handled is described
// (with its DTO's fields), and nothing is described that no gateway handles.
import { describe, expect, it } from '@jest/globals';
import { ChatEventsGateway } from '../chat/chat-events.gateway.js';
import { ReactionsGateway } from '../reactions/reactions.gateway.js';
import { dtoFields, gatewayEvents } from '../realtime/contract/gateway-events.js';
import { ProtocolGateway } from '../realtime/protocol.gateway.js';
import { WS_CLIENT_EVENTS } from './frame-contracts.js';

const handled = [ChatEventsGateway, ProtocolGateway, ReactionsGateway].flatMap((gateway) =>
  gatewayEvents(gateway),
);

describe('/ws client frames of every gateway', () => {
  it('are exactly the ones the AsyncAPI document describes', () => {
    const described = WS_CLIENT_EVENTS.map((frame) => frame.event).sort();
    expect(handled.map((h) => h.event).sort()).toEqual(described);
  });

  it('carry the fields of their frame DTOs', () => {
    for (const { event, frame } of handled) {
      const contract = WS_CLIENT_EVENTS.find((entry) => entry.event === event);
      const properties = Object.keys(contract?.data.properties ?? {}).sort();
      expect([event, properties]).toEqual([event, dtoFields(frame)]);
    }
  });
});
