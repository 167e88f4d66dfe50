// The two response envelopes of API.md §0, built in one place.

export interface FlashEnvelope<T> {
  code: string;
  message: string;
  content: T | null;
}

export interface SessionSuccess<T> {
  status: 'Success';
  data: T | null;
}

export interface SessionFailure {
  status: 'Error';
  error: { code: string; message: string; details?: unknown };
}

export function flashEnvelope<T>(status: number, message: string, content: T | null): FlashEnvelope<T> {
  return { code: String(status), message, content };
}

export function sessionSuccess<T>(data: T | undefined): SessionSuccess<T> {
  return { status: 'Success', data: data ?? null };
}

export function sessionFailure(code: string, message: string, details?: unknown): SessionFailure {
  return details === undefined
    ? { status: 'Error', error: { code, message } }
    : { status: 'Error', error: { code, message, details } };
}
