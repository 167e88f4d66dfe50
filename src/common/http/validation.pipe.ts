import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { LENIENT_BODY } from '../decorators/strict-body.decorator.js';
import { MalformedBodyError, ValidationFailedError } from '../errors/domain-error.js';

/** A body with 10 000 unknown fields must not be answered with 10 000 problems (a 1 MB echo). */
export const MAX_REPORTED_PROBLEMS = 20;

export interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], `${field}.`)];
  });
}

/**
 * Validates bodies and queries against their DTO class. DTOs are strict (unknown fields → 400) unless
 * marked `@LenientBody()`, as the old APIs ignore extra fields (API.md §0).
 */
@Injectable()
export class DtoValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type === 'custom' || !metatype || !isDtoClass(metatype)) return value;
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new MalformedBodyError();
    }
    const lenient = Reflect.getMetadata(LENIENT_BODY, metatype) === true || metadata.type === 'query';
    const instance = plainToInstance<object, unknown>(metatype, value ?? {});
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: !lenient,
      forbidUnknownValues: true,
    });
    if (errors.length > 0) {
      const details = flatten(errors).slice(0, MAX_REPORTED_PROBLEMS);
      throw new ValidationFailedError(
        details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; '),
        details,
      );
    }
    return instance;
  }
}

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object];

function isDtoClass(metatype: unknown): metatype is new () => object {
  return typeof metatype === 'function' && !PRIMITIVES.includes(metatype);
}
