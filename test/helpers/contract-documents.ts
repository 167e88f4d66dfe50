// The documents the e2e suite checks the server against, fetched once per server (origin) from the
// server itself: /docs-json for HTTP, /asyncapi.json for WebSocket frames. Every app of a test run is
// the same code, so a server that is already gone (a stopped instance) is checked against the last
// document fetched.
import { AsyncApiValidator } from './asyncapi-validator.js';
import { OpenApiValidator } from './openapi-validator.js';

// Taken before contract-checks.ts wraps the global fetch: loading a document is not itself checked.
const plainFetch = globalThis.fetch;

async function fetchJson(origin: string, path: string): Promise<Record<string, unknown>> {
  const response = await plainFetch(new URL(path, origin), { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`GET ${origin}${path} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

const originOf = (url: string): string => new URL(url.replace(/^ws/, 'http')).origin;

/** One validator per origin, loaded once; the last one loaded stands in for a server already gone. */
function perOrigin<T>(load: (origin: string) => Promise<T>): (url: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  let lastLoaded: T | undefined;
  return (url) => {
    const origin = originOf(url);
    let entry = cache.get(origin);
    if (!entry) {
      entry = load(origin).then(
        (validator) => (lastLoaded = validator),
        (error: unknown) => {
          cache.delete(origin);
          if (lastLoaded !== undefined) return lastLoaded;
          throw error;
        },
      );
      cache.set(origin, entry);
    }
    return entry;
  };
}

/** `url`: anything on the server (http:// or ws://). */
export const openApiValidatorFor = perOrigin(
  async (origin) => new OpenApiValidator(await fetchJson(origin, '/docs-json')),
);

const servers = new Map<string, Promise<OpenApiValidator | undefined>>();

/**
 * For requests made with plain `fetch` (which may reach other servers than p-chat): the validator of
 * the origin when it serves /docs-json, else undefined (not checked).
 */
export function openApiValidatorIfServed(url: string): Promise<OpenApiValidator | undefined> {
  const origin = originOf(url);
  let entry = servers.get(origin);
  if (!entry) {
    entry = fetchJson(origin, '/docs-json').then(
      (document) => (document.openapi === undefined ? undefined : new OpenApiValidator(document)),
      () => undefined,
    );
    servers.set(origin, entry);
  }
  return entry;
}

export const asyncApiValidatorFor = perOrigin(
  async (origin) => new AsyncApiValidator(await fetchJson(origin, '/asyncapi.json')),
);

const pending = new Set<Promise<void>>();
const violations: string[] = [];

/**
 * Records a check of something received outside a request/response pair (a WebSocket frame, a
 * close, a refused upgrade); `settleContractChecks` (after each test) reports what failed.
 */
export function recordContractCheck(check: () => Promise<string[]>): void {
  const running = check()
    .then(
      (problems) => void violations.push(...problems),
      (error: unknown) => void violations.push(`contract check failed: ${String(error)}`),
    )
    .finally(() => pending.delete(running));
  pending.add(running);
}

export async function settleContractChecks(): Promise<string[]> {
  while (pending.size > 0) await Promise.all([...pending]);
  return violations.splice(0);
}
