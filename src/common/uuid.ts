const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from the outside are checked before they reach a uuid column (a malformed id is just unknown). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
