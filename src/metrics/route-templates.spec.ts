import { describe, expect, it, jest } from '@jest/globals';
import { expressRoutes, RouteTemplates, UNMATCHED_ROUTE, type RouteDefinition } from './route-templates.js';

const ROUTES: RouteDefinition[] = [
  { method: 'get', template: '/rooms/:id' },
  { method: 'post', template: '/rooms/:id/messages' },
  { method: 'get', template: '/rooms/:id/messages' },
  { method: '_all', template: '/anything/:x' },
];

describe('RouteTemplates', () => {
  it('labels a routed request with the template it matched, never its raw path', () => {
    const definitions = jest.fn(() => ROUTES);
    const templates = new RouteTemplates(definitions);
    const label = templates.of({
      method: 'GET',
      path: '/rooms/4e0c/messages',
      baseUrl: '',
      route: { path: '/rooms/:id/messages' },
    });
    expect(label).toBe('/rooms/:id/messages');
    expect(definitions).not.toHaveBeenCalled();
  });

  it('finds the template of a request refused before routing (method and path both count)', () => {
    const definitions = jest.fn(() => ROUTES);
    const templates = new RouteTemplates(definitions);
    expect(templates.of({ method: 'POST', path: '/rooms/abc/messages' })).toBe('/rooms/:id/messages');
    expect(templates.of({ method: 'DELETE', path: '/anything/7' })).toBe('/anything/:x');
    expect(templates.of({ method: 'DELETE', path: '/rooms/abc' })).toBe(UNMATCHED_ROUTE);
    expect(templates.of({ method: 'GET', path: '/no/such/42' })).toBe(UNMATCHED_ROUTE);
    expect(definitions).toHaveBeenCalledTimes(1);
  });

  it('skips definitions that are not templates', () => {
    const templates = new RouteTemplates(() => [{ method: 'get', template: '/bad/(' }, ...ROUTES]);
    expect(templates.of({ method: 'GET', path: '/rooms/1' })).toBe('/rooms/:id');
  });
});

describe('expressRoutes', () => {
  it('lists every method of every route layer, ignoring middleware layers', () => {
    const app = {
      router: {
        stack: [
          { name: 'query' },
          { route: { path: '/health', methods: { get: true, head: true } } },
          { route: { path: /regex/, methods: { get: true } } },
        ],
      },
    };
    expect(expressRoutes(app)).toEqual([
      { method: 'get', template: '/health' },
      { method: 'head', template: '/health' },
    ]);
    expect(expressRoutes({})).toEqual([]);
  });
});
