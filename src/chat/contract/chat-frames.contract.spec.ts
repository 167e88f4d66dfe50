// The AsyncAPI entries of /ws client frames against what the gateway really accepts: the same event
// names as its @SubscribeMessage handlers, and for each the same fields as the handler's frame DTO.
import { describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { ChatEventsGateway } from '../chat-events.gateway.js';
import { CHAT_CLIENT_EVENTS } from './chat-frames.contract.js';

const MESSAGE_METADATA = 'message';

function handlers(): { event: string; frame: unknown }[] {
  const prototype = ChatEventsGateway.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const event = Reflect.getMetadata(MESSAGE_METADATA, prototype[name] as object) as string | undefined;
    if (event === undefined) return [];
    const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as unknown[];
    return [{ event, frame: types[1] }];
  });
}

function dtoFields(dto: unknown): string[] {
  if (typeof dto !== 'function') return [];
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))].sort();
}

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
