// The route label of `http_request_duration_seconds`: the template a request matched (`/rooms/:id`),
// never its raw path (ids would make the label set unbounded).
import { match, type MatchFunction } from 'path-to-regexp';

/** Every path no route of the API matches (unknown routes, the Swagger UI's files). */
export const UNMATCHED_ROUTE = 'unmatched';

export interface RouteDefinition {
  /** Lower-case HTTP method, or `_all`. */
  method: string;
  template: string;
}

export interface RoutedRequest {
  method: string;
  path: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

interface Matcher extends RouteDefinition {
  matches: MatchFunction<object>;
}

export class RouteTemplates {
  private matchers: Matcher[] | undefined;

  /** `definitions` is read once, on the first request the router did not route (all routes exist by then). */
  constructor(private readonly definitions: () => RouteDefinition[]) {}

  of(request: RoutedRequest): string {
    const routed = request.route?.path;
    if (typeof routed === 'string') return (request.baseUrl ?? '') + routed;
    // Refused before the router ran (bad JSON, a body too large, unsafe input): the route it was for.
    const method = request.method.toLowerCase();
    for (const matcher of (this.matchers ??= this.compile())) {
      if (matcher.method !== method && matcher.method !== '_all') continue;
      if (matcher.matches(request.path)) return matcher.template;
    }
    return UNMATCHED_ROUTE;
  }

  private compile(): Matcher[] {
    return this.definitions().flatMap((definition) => {
      try {
        return [{ ...definition, matches: match(definition.template, { decode: false }) }];
      } catch {
        return []; // not a path-to-regexp template: never matched by label
      }
    });
  }
}

interface ExpressLayer {
  route?: { path?: unknown; methods?: Record<string, boolean> };
}

/** The routes registered on an Express 5 application (its `router.stack`). */
export function expressRoutes(app: unknown): RouteDefinition[] {
  const stack = (app as { router?: { stack?: ExpressLayer[] } }).router?.stack ?? [];
  return stack.flatMap(({ route }) => {
    if (!route || typeof route.path !== 'string') return [];
    const template = route.path;
    return Object.keys(route.methods ?? {}).map((method) => ({ method, template }));
  });
}
