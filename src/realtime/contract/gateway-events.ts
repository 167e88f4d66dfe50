// What a gateway handles, read from its decorators: the events (`@RealtimeEvent`) and each event's
// frame DTO, and the frames it documents itself (an event's `summary`, the gateway's `sends`) as
// contracts for the AsyncAPI document. The contract specs compare these with the frame contracts.
import { getMetadataStorage } from 'class-validator';
import {
  REALTIME_EVENT_DOC,
  REALTIME_GATEWAY_DOC,
  type FrameDoc,
  type RealtimeGatewayDoc,
} from '../realtime-gateway.decorator.js';
import { dtoExample, dtoSchema, type DtoClass } from './dto-schema.js';
import { EMPTY_OBJECT, type EventFrameContract } from './frame-contract.js';

/** Nest's metadata key of `@SubscribeMessage` (which `@RealtimeEvent` applies). */
const MESSAGE_METADATA = 'message';

export type GatewayClass = abstract new (...args: never[]) => unknown;

export interface HandledEvent {
  event: string;
  /** The handler's `@MessageBody()` type (its second parameter), if it takes one. */
  frame: unknown;
  /** Set when the gateway documents the event itself (`@RealtimeEvent(name, { summary })`). */
  doc?: FrameDoc;
}

export function gatewayEvents(gateway: GatewayClass): HandledEvent[] {
  const prototype = gateway.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const handler = prototype[name] as object;
    const event = Reflect.getMetadata(MESSAGE_METADATA, handler) as string | undefined;
    if (event === undefined) return [];
    const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as unknown[];
    const doc = Reflect.getMetadata(REALTIME_EVENT_DOC, handler) as FrameDoc | undefined;
    return [{ event, frame: types[1], ...(doc ? { doc } : {}) }];
  });
}

/** The path of a `@RealtimeGateway` class; undefined for any other class. */
export function gatewayPath(type: unknown): string | undefined {
  if (typeof type !== 'function') return undefined;
  return (Reflect.getMetadata(REALTIME_GATEWAY_DOC, type) as RealtimeGatewayDoc | undefined)?.path;
}

/** The frames a gateway documents itself, as contracts built from their DTOs. */
export function declaredFrames(gateway: GatewayClass): Record<'client' | 'server', EventFrameContract[]> {
  const { sends = {} } = (Reflect.getMetadata(REALTIME_GATEWAY_DOC, gateway) ??
    {}) as Partial<RealtimeGatewayDoc>;
  const contract = (event: string, doc: FrameDoc, dto: unknown): EventFrameContract =>
    typeof dto === 'function'
      ? { event, ...doc, data: dtoSchema(dto as DtoClass), example: dtoExample(dto as DtoClass) }
      : // A handler that reads no frame DTO takes no data (the server reads `{}`).
        { event, ...doc, data: EMPTY_OBJECT, example: {}, dataOptional: true };
  return {
    client: gatewayEvents(gateway).flatMap(({ event, frame, doc }) =>
      doc ? [contract(event, doc, frame)] : [],
    ),
    server: Object.entries(sends).map(([event, { data, ...doc }]) => contract(event, doc, data)),
  };
}

export function dtoFields(dto: unknown): string[] {
  if (typeof dto !== 'function') return [];
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))].sort();
}
