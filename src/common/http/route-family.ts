// Which envelope a path answers in (API.md §0): decided by path alone, so errors raised before
// routing (bad JSON, unknown routes) get the same envelope as the handlers.

export type RouteFamily = 'flash' | 'session' | 'plain';

const FLASH = /^\/(register|login|users)(\/|$)/;
const PLAIN = /^\/(health|docs)(\/|-json|$)|^\/asyncapi\.json$|^\/metrics\/?$/;

export function routeFamily(path: string): RouteFamily {
  if (FLASH.test(path)) return 'flash';
  if (PLAIN.test(path)) return 'plain';
  return 'session';
}

/** The request path without its query string; `req.path` is relative to a middleware's mount point. */
export function pathOf(request: { originalUrl?: string; url: string }): string {
  const url = request.originalUrl ?? request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

const STRICT_BODY = /^\/(rooms|dm|blocks)(\/|$)/;

/** The new routes (API.md §0): unknown body fields, and any body on a route that takes none, are 400. */
export function rejectsUnexpectedBody(path: string): boolean {
  return STRICT_BODY.test(path);
}
