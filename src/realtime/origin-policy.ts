// WS_ALLOWED_ORIGINS (API.md §3, §6): unset → any origin in development, same-origin only in production;
// a listed origin (or `*`) otherwise. An upgrade without an Origin header comes from a non-browser
// client, which no origin policy protects, so it is allowed.

export type OriginPolicy = (origin: string | undefined, host: string | undefined) => boolean;

function normalize(origin: string): string {
  try {
    return new URL(origin).origin.toLowerCase();
  } catch {
    return origin.trim().toLowerCase();
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

export function originPolicy(allowed: string[] | undefined, production: boolean): OriginPolicy {
  if (allowed === undefined) {
    if (!production) return () => true;
    return (origin, host) =>
      origin === undefined || (host !== undefined && hostOf(origin) === host.toLowerCase());
  }
  if (allowed.includes('*')) return () => true;
  const set = new Set(allowed.map(normalize));
  return (origin) => origin === undefined || set.has(normalize(origin));
}
