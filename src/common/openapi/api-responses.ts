// OpenAPI decorators for the two response envelopes of API.md §0, so a route states only its payload
// and its error codes; the envelopes, the errors every route shares, security and scopes are added
// from the route's own metadata when the document is built (src/docs/openapi-document.ts).
import { applyDecorators, SetMetadata, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiResponse,
  getSchemaPath,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import type { DomainError, ErrorKind } from '../errors/domain-error.js';

export type Payload = Type<unknown> | [Type<unknown>] | SchemaObject | null;

interface OkOptions {
  status?: number;
  description?: string;
  example?: unknown;
  mediaType?: string;
}

function payloadSchema(payload: Payload): SchemaObject | ReferenceObject {
  if (payload === null) return { nullable: true, enum: [null] };
  if (Array.isArray(payload)) return { type: 'array', items: { $ref: getSchemaPath(payload[0]) } };
  if (typeof payload === 'function') return { $ref: getSchemaPath(payload) };
  return payload;
}

function modelsOf(payload: Payload): Type<unknown>[] {
  if (Array.isArray(payload)) return [payload[0]];
  return typeof payload === 'function' ? [payload] : [];
}

function envelopeResponse(
  payload: Payload,
  options: OkOptions,
  envelope: (data: SchemaObject | ReferenceObject) => SchemaObject,
): MethodDecorator {
  const status = options.status ?? 200;
  const response = ApiResponse({
    status,
    description: options.description ?? (status === 201 ? 'created' : 'success'),
    content: {
      [options.mediaType ?? 'application/json']: {
        schema: envelope(payloadSchema(payload)),
        ...(options.example === undefined ? {} : { example: options.example }),
      },
    },
  });
  const models = modelsOf(payload);
  return models.length > 0 ? applyDecorators(ApiExtraModels(...models), response) : response;
}

/** A success of the session family: `{"status":"Success","data": <payload>}` (`null` → `data: null`). */
export const ApiSessionOk = (payload: Payload, options: OkOptions = {}): MethodDecorator =>
  envelopeResponse(payload, options, (data) => ({
    type: 'object',
    required: ['status', 'data'],
    additionalProperties: false,
    properties: { status: { type: 'string', enum: ['Success'] }, data },
  }));

/** A success of the flash family: `{"code":"200","message": <text>,"content": <payload>}`. */
export const ApiFlashOk = (
  payload: Payload,
  options: OkOptions & { message?: SchemaObject } = {},
): MethodDecorator =>
  envelopeResponse(payload, options, (content) => ({
    type: 'object',
    required: ['code', 'message', 'content'],
    additionalProperties: false,
    properties: {
      code: { type: 'string', enum: [String(options.status ?? 200)] },
      message: options.message ?? { type: 'string' },
      content,
    },
  }));

/** A response outside both envelopes (health, the documents themselves), any status. */
export const ApiPlainResponse = (payload: Payload, options: OkOptions = {}): MethodDecorator =>
  envelopeResponse(payload, options, (body) => ('$ref' in body ? { allOf: [body] } : body));

/** One error a route can answer: its code, the kind that picks the status per route family, and why. */
export interface ErrorDoc {
  kind: ErrorKind;
  code: string;
  description: string;
}

export const API_ERRORS = 'p-chat:openapi-errors';

/**
 * Documents a domain error class (or a code of its kind) for a route: `errorDoc(NotAMemberError,
 * 'a public room the caller has not joined')`. The status comes from the kind and the route family.
 */
type DomainErrorClass = new (...args: never[]) => DomainError;

export function errorDoc(error: DomainErrorClass, description?: string): ErrorDoc;
export function errorDoc(error: { kind: ErrorKind; code: string }, description: string): ErrorDoc;
export function errorDoc(
  error: DomainErrorClass | { kind: ErrorKind; code: string },
  description?: string,
): ErrorDoc {
  const sample = typeof error === 'function' ? new error() : error;
  return {
    kind: sample.kind,
    code: sample.code,
    description: description ?? (sample instanceof Error ? sample.message : sample.code),
  };
}

/**
 * The errors a route (or every route of a controller) answers beyond the shared ones (401/403 scope,
 * 400 malformed body, 413, 429 on rate-limited routes, 500, 503), which the document adds by itself.
 */
export const ApiErrors = (...errors: ErrorDoc[]): MethodDecorator & ClassDecorator =>
  SetMetadata(API_ERRORS, errors);
