// A frame's JSON Schema and example read from the DTO class that already states its shape, so a module
// describes each frame once: `@ApiProperty` gives the type, format, pattern, description and example
// (as for the OpenAPI document), and the class-validator rules the frame is validated with add what
// they enforce. Every field is required unless `@IsOptional()` or `@ApiPropertyOptional()`; nothing
// else is allowed (frames are validated strictly).
import { getMetadataStorage } from 'class-validator';
import { exactly, type JsonSchema } from './frame-contract.js';

export type DtoClass = abstract new (...args: never[]) => unknown;

/** @nestjs/swagger's metadata keys (`@ApiProperty`). */
const SWAGGER_FIELDS = 'swagger/apiModelPropertiesArray';
const SWAGGER_FIELD = 'swagger/apiModelProperties';

const PRIMITIVES = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
]);
/** `@ApiProperty` options that are JSON Schema keywords as they stand. */
const KEYWORDS = ['format', 'pattern', 'description', 'minLength', 'maxLength', 'minimum', 'maximum', 'enum'];

/** class-validator rules, by name, as the JSON Schema keywords that say the same. */
const RULES: Record<string, (constraints: unknown[]) => JsonSchema> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isBoolean: () => ({ type: 'boolean' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  maxLength: ([max]) => ({ maxLength: max }),
  minLength: ([min]) => ({ minLength: min }),
  length: ([min, max]) => ({ minLength: min, ...(max === undefined ? {} : { maxLength: max }) }),
  matches: ([pattern]) => ({ pattern: (pattern as RegExp).source }),
  min: ([min]) => ({ minimum: min }),
  max: ([max]) => ({ maximum: max }),
  isDefined: () => ({}),
};

interface SwaggerField extends Record<string, unknown> {
  type?: unknown;
  isArray?: boolean;
  required?: boolean;
  example?: unknown;
}

function swaggerFields(dto: DtoClass): Map<string, SwaggerField> {
  const names = (Reflect.getMetadata(SWAGGER_FIELDS, dto.prototype as object) ?? []) as string[];
  return new Map(
    names.map((key) => {
      const name = key.replace(/^:/, '');
      return [name, Reflect.getMetadata(SWAGGER_FIELD, dto.prototype as object, name) as SwaggerField];
    }),
  );
}

function fromSwagger(field: SwaggerField | undefined): JsonSchema {
  if (!field) return {};
  const type = typeof field.type === 'string' ? field.type : PRIMITIVES.get(field.type);
  const schema: JsonSchema = type ? { type } : {};
  for (const key of KEYWORDS) if (field[key] !== undefined) schema[key] = field[key];
  const whole = field.isArray ? { type: 'array', items: schema } : schema;
  return field.example === undefined ? whole : { ...whole, examples: [field.example] };
}

/** The JSON Schema of an object of this DTO class: exactly its fields. */
export function dtoSchema(dto: DtoClass): JsonSchema {
  const swagger = swaggerFields(dto);
  const properties: Record<string, JsonSchema> = {};
  const optional = [...swagger].filter(([, field]) => field.required === false).map(([name]) => name);
  for (const name of swagger.keys()) properties[name] = fromSwagger(swagger.get(name));
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const name = rule.propertyName;
    properties[name] ??= {};
    if (rule.name === 'isOptional') optional.push(name);
    else if (rule.name && rule.name in RULES)
      Object.assign(properties[name], RULES[rule.name](rule.constraints));
    else throw new Error(`${dto.name}.${name}: no JSON Schema for the rule ${rule.name ?? rule.type}`);
  }
  return exactly(properties, optional);
}

/** An example object of this DTO class, from the `example` of each field's `@ApiProperty`. */
export function dtoExample(dto: DtoClass): Record<string, unknown> {
  const schema = dtoSchema(dto) as { properties: Record<string, { examples?: unknown[] }> };
  return Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => {
      if (!property.examples) throw new Error(`${dto.name}.${name}: give it an @ApiProperty example`);
      return [name, property.examples[0]];
    }),
  );
}
