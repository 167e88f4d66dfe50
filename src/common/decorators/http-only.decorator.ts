/** Set on the class of a global guard or interceptor that only acts on HTTP requests. */
export const HTTP_ONLY = 'p-chat:http-only';

/**
 * Marks a global (APP_GUARD / APP_INTERCEPTOR) enhancer as HTTP-only. Nest applies global enhancers to
 * gateway handlers too; an HTTP-only one returns at once there, but Nest still builds its guard call or
 * interceptor chain (rxjs observables, an AsyncResource per level) around every WebSocket frame.
 * RealtimeWsAdapter builds gateway handlers without the enhancers marked so. The enhancer must still
 * pass non-HTTP contexts through (`context.getType() !== 'http'`) in case anything else reaches it.
 */
export const HttpOnly =
  (): ClassDecorator =>
  (target): void =>
    Reflect.defineMetadata(HTTP_ONLY, true, target);

/** Whether this enhancer instance's class is marked `@HttpOnly()`. */
export function isHttpOnly(enhancer: unknown): boolean {
  if (typeof enhancer !== 'object' || enhancer === null) return false;
  return Reflect.getMetadata(HTTP_ONLY, enhancer.constructor) === true;
}
