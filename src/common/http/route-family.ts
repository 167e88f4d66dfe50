// Which envelope a path answers in (API.md §0): decided by path alone, so errors raised before
// routing (bad JSON, unknown routes) get the same envelope as the handlers.

export type RouteFamily = 'flash' | 'session' | 'plain';

const FLASH = /^\/(register|login|users)(\/|$)/;
const PLAIN = /^\/(health|docs)(\/|-json|$)|^\/asyncapi\.json$/;

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
