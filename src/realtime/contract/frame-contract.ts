// How a module states the WebSocket frames it sends and receives, for the AsyncAPI document
// (/asyncapi.json): one entry per frame, beside the code that sends it, with a JSON Schema.

/** A JSON Schema (draft-07 / AsyncAPI Schema); `#/components/schemas/<Name>` refers to a shared one. */
export type JsonSchema = Record<string, unknown>;

/** A `{"event", "data"}` frame of `/ws`: the schema describes `data`. */
export interface EventFrameContract {
  event: string;
  summary: string;
  description?: string;
  data: JsonSchema;
  /** `data` of an example frame. */
  example: unknown;
  /** `data` may be left out (the server reads `{}`): client → server frames only. */
  dataOptional?: boolean;
}

/** A frame of `/chats/{username}` (the flash protocol), described whole. */
export interface RawFrameContract {
  name: string;
  summary: string;
  description?: string;
  contentType: 'application/json' | 'text/plain';
  payload: JsonSchema;
  example: unknown;
}

/** Everything one channel says: frames each way, close codes, refusals of its upgrade. */
export interface ChannelFrames<F> {
  serverToClient: F[];
  clientToServer: F[];
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export const uuid: JsonSchema = { type: 'string', format: 'uuid' };
export const username: JsonSchema = { type: 'string', pattern: '^[a-z0-9_.-]{3,32}$', examples: ['apm'] };

/** An object with exactly these properties, all required unless listed in `optional`. */
export function exactly(properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema {
  return {
    type: 'object',
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
    properties,
  };
}

export const EMPTY_OBJECT: JsonSchema = { type: 'object', maxProperties: 0 };
