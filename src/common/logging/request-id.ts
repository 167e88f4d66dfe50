import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const REQUEST_ID = Symbol('requestId');

type WithRequestId = Request & { [REQUEST_ID]?: string };

export function requestIdOf(request: Request): string {
  return (request as WithRequestId)[REQUEST_ID] ?? 'unknown';
}

/** The caller's X-Request-Id when it is well-formed, otherwise a new one (API.md §0). */
export function acceptedRequestId(offered: string | string[] | undefined): string {
  const value = Array.isArray(offered) ? offered[0] : offered;
  return value !== undefined && ACCEPTED_ID.test(value) ? value : randomUUID();
}

/** Echoes the caller's X-Request-Id when it is well-formed, otherwise issues one (API.md §0). */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  // Mounted twice on the docs UI's paths (Express and Nest middleware): keep the first id.
  if ((request as WithRequestId)[REQUEST_ID] !== undefined) return next();
  const id = acceptedRequestId(request.header('x-request-id'));
  (request as WithRequestId)[REQUEST_ID] = id;
  response.setHeader('X-Request-Id', id);
  next();
}
