import type { NextFunction, Request, Response } from 'express';
import { MalformedBodyError, ValidationFailedError } from '../errors/domain-error.js';
import { findUnsafeInput, MAX_JSON_DEPTH, type UnsafeInput } from '../input/text-safety.js';
import { pathOf } from './route-family.js';

/** The domain error a transport raises for unsafe input (see text-safety.ts). */
export function unsafeInputError(unsafe: UnsafeInput): MalformedBodyError | ValidationFailedError {
  if (unsafe.kind === 'too_deep')
    return new MalformedBodyError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  return new ValidationFailedError(`${unsafe.field}: ${unsafe.problem}`, [
    { field: unsafe.field, problems: [unsafe.problem] },
  ]);
}

/**
 * Runs after the JSON body parser, before routing: the body, the query string and the path segments
 * (route params) of every HTTP request pass the same check, so no handler sees a NUL or a lone
 * surrogate and no validator recurses into a 20 000-level body.
 */
export function inputSafetyMiddleware(request: Request, _response: Response, next: NextFunction): void {
  const unsafe =
    findUnsafeInput(request.body) ??
    findUnsafeInput(request.query) ??
    findUnsafeInput(decodedSegments(pathOf(request)), 'path');
  if (unsafe) throw unsafeInputError(unsafe);
  next();
}

/** `%00` in a path segment reaches a route param as NUL; a segment that does not decode is left to the router. */
function decodedSegments(path: string): string[] {
  return path.split('/').flatMap((segment) => {
    try {
      return [decodeURIComponent(segment)];
    } catch {
      return [];
    }
  });
}
