// @nestjs/swagger 12 writes OpenAPI 3.0 schemas (`nullable`, `example`, boolean exclusive bounds).
// This turns a whole document into OpenAPI 3.1 (JSON Schema 2020-12) so `openapi: 3.1.0` is true
// of every schema in it, and validators and generators read it as such.

type Json = Record<string, unknown>;

const SCHEMA_CHILDREN = ['items', 'not', 'additionalProperties', 'contains', 'if', 'then', 'else'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One schema (and everything under it), converted in place. */
export function toJsonSchema2020(schema: Json): Json {
  for (const key of SCHEMA_CHILDREN) if (isObject(schema[key])) toJsonSchema2020(schema[key]);
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((item) => isObject(item) && toJsonSchema2020(item));
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (isObject(map)) Object.values(map).forEach((item) => isObject(item) && toJsonSchema2020(item));
  }
  if ('example' in schema) {
    if (!('examples' in schema)) schema.examples = [schema.example];
    delete schema.example;
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof schema[flag] !== 'boolean') continue;
    if (schema[flag] === true) schema[flag] = schema[bound];
    else delete schema[flag];
    if (schema[flag] !== undefined) delete schema[bound];
  }
  if (schema.nullable === true) makeNullable(schema);
  delete schema.nullable;
  return schema;
}

function makeNullable(schema: Json): void {
  const composed = ['$ref', 'allOf', 'anyOf', 'oneOf'].some((key) => key in schema);
  if (composed) {
    // A nullable reference (`$ref` or a one-item `allOf`): either the referenced schema or null.
    const branch: Json = {};
    for (const key of ['$ref', 'allOf', 'anyOf', 'oneOf', 'type']) {
      if (key in schema) {
        branch[key] = schema[key];
        delete schema[key];
      }
    }
    schema.anyOf = [branch, { type: 'null' }];
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum = [...(schema.enum as unknown[]), null];
  if (typeof schema.type === 'string') {
    schema.type = schema.type === 'null' ? 'null' : [schema.type, 'null'];
  } else if (Array.isArray(schema.type)) {
    if (!schema.type.includes('null')) schema.type = [...(schema.type as string[]), 'null'];
  } else if (Array.isArray(schema.enum) && schema.enum.every((value) => value === null)) {
    schema.type = 'null';
  }
}

function convertContent(content: unknown): void {
  if (!isObject(content)) return;
  for (const media of Object.values(content)) {
    if (isObject(media) && isObject(media.schema)) toJsonSchema2020(media.schema);
  }
}

function convertParameterLike(item: unknown): void {
  if (!isObject(item)) return;
  if (isObject(item.schema)) toJsonSchema2020(item.schema);
  convertContent(item.content);
}

function convertResponse(response: unknown): void {
  if (!isObject(response)) return;
  convertContent(response.content);
  if (isObject(response.headers)) Object.values(response.headers).forEach(convertParameterLike);
}

/** Converts an OpenAPI 3.0 document (as @nestjs/swagger writes it) to 3.1, in place. */
export function toOpenApi31<T extends object>(document: T): T {
  const doc = document as unknown as Json;
  doc.openapi = '3.1.0';
  const components = isObject(doc.components) ? doc.components : {};
  if (isObject(components.schemas))
    Object.values(components.schemas).forEach((s) => isObject(s) && toJsonSchema2020(s));
  if (isObject(components.parameters)) Object.values(components.parameters).forEach(convertParameterLike);
  if (isObject(components.headers)) Object.values(components.headers).forEach(convertParameterLike);
  if (isObject(components.responses)) Object.values(components.responses).forEach(convertResponse);
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const operation of Object.values(item)) {
      if (!isObject(operation)) continue;
      if (Array.isArray(operation.parameters)) operation.parameters.forEach(convertParameterLike);
      if (isObject(operation.requestBody)) convertContent(operation.requestBody.content);
      if (isObject(operation.responses)) Object.values(operation.responses).forEach(convertResponse);
    }
  }
  return document;
}
