// The realtime module's public surface for feature modules: gateways, events and connections.
export { RealtimeModule } from './realtime.module.js';
export { RealtimeConnection } from './connection.js';
export {
  RealtimeEvent,
  RealtimeGateway,
  type FrameDoc,
  type RealtimeEventPolicy,
  type ServerEventDocs,
} from './realtime-gateway.decorator.js';
export { dtoExample, dtoSchema } from './contract/dto-schema.js';
export type { ServerEvent, ServerEventMap, ServerEventName } from './server-events.js';
export {
  exactly,
  ref,
  username,
  uuid,
  type EventFrameContract,
  type JsonSchema,
} from './contract/frame-contract.js';
