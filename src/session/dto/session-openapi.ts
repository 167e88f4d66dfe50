import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

// OpenAPI helpers for the session envelope: `{status: "Success", data}` and `{status: "Error", error}`.

export function ApiSessionSuccess(
  status: number,
  description: string,
  model?: Type<unknown>,
  options: { isArray?: boolean } = {},
): MethodDecorator {
  const data = model
    ? options.isArray
      ? { type: 'array', items: { $ref: getSchemaPath(model) } }
      : { $ref: getSchemaPath(model) }
    : { type: 'object', nullable: true, example: null };
  const decorators = [
    ApiResponse({
      status,
      description,
      schema: { type: 'object', properties: { status: { type: 'string', example: 'Success' }, data } },
    }),
  ];
  return applyDecorators(...(model ? [ApiExtraModels(model), ...decorators] : decorators));
}

export function ApiSessionError(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', example: 'Error' },
        error: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            details: { type: 'array', items: { type: 'object' } },
          },
        },
      },
    },
  });
}

/** The kept 401 of /session/authorize, /session/emailVerify and /session/refresh: the empty object. */
export function ApiBareUnauthorized(description: string): MethodDecorator {
  return ApiResponse({ status: 401, description, schema: { type: 'object', example: {} } });
}

export const ApiRateLimited = (identifier: string): MethodDecorator =>
  ApiSessionError(429, `RATE_LIMITED: too many attempts per ${identifier} or per IP; see Retry-After`);
