// What a gateway handles, read from its decorators: the events (`@RealtimeEvent`) and each event's
// frame DTO fields (class-validator rules). The contract specs compare these with the frame contracts.
import { getMetadataStorage } from 'class-validator';

/** Nest's metadata key of `@SubscribeMessage` (which `@RealtimeEvent` applies). */
const MESSAGE_METADATA = 'message';

export function gatewayEvents(
  gateway: abstract new (...args: never[]) => unknown,
): { event: string; frame: unknown }[] {
  const prototype = gateway.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const event = Reflect.getMetadata(MESSAGE_METADATA, prototype[name] as object) as string | undefined;
    if (event === undefined) return [];
    const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as unknown[];
    return [{ event, frame: types[1] }];
  });
}

export function dtoFields(dto: unknown): string[] {
  if (typeof dto !== 'function') return [];
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))].sort();
}
