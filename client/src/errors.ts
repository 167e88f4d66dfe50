// The one error type the SDK throws for a refused call, whatever the route family's envelope was.

/** Codes the SDK itself gives when there is no server envelope to read. */
export type ClientErrorCode =
  'NETWORK_ERROR' | 'NOT_SIGNED_IN' | 'OUTBOX_FULL' | 'CONNECTION_CLOSED' | 'BAD_RESPONSE';

export interface PChatErrorInit {
  /** HTTP status; 0 when no HTTP answer was involved (network failure, WebSocket `error` event). */
  status: number;
  /** The envelope's UPPER_SNAKE code (`EMAIL_TAKEN`, `NOT_A_MEMBER`, …), or a client-side code. */
  code: string;
  message: string;
  details?: unknown;
  /** The `X-Request-Id` of the answer, to quote when reporting a problem. */
  requestId?: string | null;
  /** From `Retry-After` (429) or `details.retry_after_ms` (WebSocket `RATE_LIMITED`). */
  retryAfterMs?: number | null;
  cause?: unknown;
}

export class PChatError extends Error {
  override readonly name = 'PChatError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;
  readonly retryAfterMs: number | null;

  constructor(init: PChatErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

export function isPChatError(error: unknown, code?: string): error is PChatError {
  return error instanceof PChatError && (code === undefined || error.code === code);
}
