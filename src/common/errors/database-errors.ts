// Recognises "the database cannot be reached" among driver errors, so callers answer 503, not 500.
import { types } from 'node:util';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout hit, the server is too slow to serve the request
]);

const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is not established',
  'Query read timeout',
];

/**
 * Socket errors are made by Node's core, whose `Error` is another realm's under Jest's VM modules;
 * `isNativeError` recognises them there too.
 */
export function isErrorObject(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!isErrorObject(error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  // TypeORM keeps the driver's error as `driverError`; wrappers keep theirs as `cause`.
  for (const inner of [(error as { driverError?: unknown }).driverError, error.cause]) {
    if (inner && inner !== error && isDatabaseUnavailable(inner)) return true;
  }
  return UNAVAILABLE_MESSAGES.some((text) => error.message.includes(text));
}
