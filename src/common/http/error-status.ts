import type { ErrorKind } from '../errors/domain-error.js';
import type { RouteFamily } from './route-family.js';

const SESSION_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  malformed: 400,
  unauthorized: 401,
  bad_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** The flash API predates the session API's statuses: rule breaks are 422, conflicts and bad logins 400. */
const FLASH_STATUS: Record<ErrorKind, number> = {
  ...SESSION_STATUS,
  invalid: 422,
  conflict: 400,
  bad_credentials: 400,
};

export function statusFor(family: RouteFamily, kind: ErrorKind): number {
  return (family === 'flash' ? FLASH_STATUS : SESSION_STATUS)[kind];
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}

/** Routes of the original session API whose 401 is the empty object `{}` (API.md §0). */
const BARE_UNAUTHORIZED = /^\/session\/(authorize|emailVerify|refresh)\/?$/;

export function answersBareUnauthorized(path: string): boolean {
  return BARE_UNAUTHORIZED.test(path);
}
