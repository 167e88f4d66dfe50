import { describe, expect, it } from '@jest/globals';
import { toJsonSchema2020, toOpenApi31 } from './openapi-31.js';

describe('toJsonSchema2020 (OpenAPI 3.0 schema → 3.1)', () => {
  it('turns nullable into a type union, with null in an enum too', () => {
    expect(toJsonSchema2020({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema2020({ type: 'string', enum: ['a', 'b'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', 'b', null],
    });
    expect(toJsonSchema2020({ nullable: true, enum: [null] })).toEqual({ type: 'null', enum: [null] });
  });

  it('turns a nullable reference into anyOf [ref, null]', () => {
    expect(
      toJsonSchema2020({ type: 'object', nullable: true, allOf: [{ $ref: '#/x' }], description: 'd' }),
    ).toEqual({ description: 'd', anyOf: [{ type: 'object', allOf: [{ $ref: '#/x' }] }, { type: 'null' }] });
  });

  it('moves example to examples and converts boolean exclusive bounds', () => {
    expect(toJsonSchema2020({ type: 'integer', example: 3, minimum: 0, exclusiveMinimum: true })).toEqual({
      type: 'integer',
      examples: [3],
      exclusiveMinimum: 0,
    });
    expect(toJsonSchema2020({ type: 'integer', maximum: 9, exclusiveMaximum: false })).toEqual({
      type: 'integer',
      maximum: 9,
    });
  });

  it('converts nested schemas: properties, items, compositions', () => {
    const schema = toJsonSchema2020({
      type: 'object',
      properties: { list: { type: 'array', items: { type: 'number', nullable: true } } },
      oneOf: [{ type: 'string', nullable: true }],
    });
    expect(schema).toEqual({
      type: 'object',
      properties: { list: { type: 'array', items: { type: ['number', 'null'] } } },
      oneOf: [{ type: ['string', 'null'] }],
    });
  });
});

describe('toOpenApi31', () => {
  it('labels the document 3.1.0 and converts every schema location, leaving media examples alone', () => {
    const document = toOpenApi31({
      openapi: '3.0.0',
      components: { schemas: { A: { type: 'string', nullable: true } } },
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'q', in: 'query', schema: { type: 'string', nullable: true } }],
            responses: {
              200: {
                description: '',
                headers: { H: { schema: { type: 'string', example: 'h' } } },
                content: { 'application/json': { schema: { type: 'number', nullable: true }, example: 1 } },
              },
            },
          },
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'boolean', nullable: true } } } },
          },
        },
      },
    });
    expect(document).toEqual({
      openapi: '3.1.0',
      components: { schemas: { A: { type: ['string', 'null'] } } },
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'q', in: 'query', schema: { type: ['string', 'null'] } }],
            responses: {
              200: {
                description: '',
                headers: { H: { schema: { type: 'string', examples: ['h'] } } },
                content: { 'application/json': { schema: { type: ['number', 'null'] }, example: 1 } },
              },
            },
          },
          post: {
            requestBody: { content: { 'application/json': { schema: { type: ['boolean', 'null'] } } } },
          },
        },
      },
    });
  });
});
