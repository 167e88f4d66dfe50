// The gateways' event handlers, built the way Nest's SocketModule builds them (its WsContextCreator:
// the same pipes, guards, interceptors and exception filters, the same argument order) except that the
// global enhancers marked @HttpOnly are left out. Nest applies every global guard and interceptor to
// gateway handlers; ours return at once outside HTTP, but the interceptor chain Nest builds around
// each frame (observables, mergeAll, an AsyncResource per level) was ~17 % of the server's CPU in a
// saturated DM run. This touches Nest internals (the container and config of the application, the
// context creators): @nestjs/* are pinned and the ws-* e2e suites run on it.
import type { INestApplication } from '@nestjs/common';
import { normalizePath } from '@nestjs/common/internal';
import { MetadataScanner, type ApplicationConfig, type NestContainer } from '@nestjs/core';
import {
  GuardsConsumer,
  GuardsContextCreator,
  InterceptorsConsumer,
  InterceptorsContextCreator,
  PipesConsumer,
  PipesContextCreator,
  STATIC_CONTEXT,
} from '@nestjs/core/internal';
import { GATEWAY_METADATA, GATEWAY_OPTIONS } from '@nestjs/websockets/constants.js';
import { ExceptionFiltersContext } from '@nestjs/websockets/context/exception-filters-context.js';
import { WsContextCreator } from '@nestjs/websockets/context/ws-context-creator.js';
import { WsProxy } from '@nestjs/websockets/context/ws-proxy.js';
import { GatewayMetadataExplorer } from '@nestjs/websockets/gateway-metadata-explorer.js';
import { isHttpOnly } from '../common/decorators/http-only.decorator.js';

/** A gateway method wrapped in its pipeline; called as Nest calls it: (client, data, event). */
export type GatewayHandler = (client: unknown, data: unknown, event: string) => Promise<unknown>;

/** Per gateway path, per event, the handler; an event two gateways of a path both handle is absent. */
export type GatewayHandlers = Map<string, Map<string, GatewayHandler>>;

interface AppInternals {
  container: NestContainer;
  config: ApplicationConfig;
}

/** The application's config, seen with its @HttpOnly global guards and interceptors left out. */
function withoutHttpOnly(config: ApplicationConfig): ApplicationConfig {
  const view = Object.create(config) as ApplicationConfig;
  view.getGlobalGuards = () => config.getGlobalGuards().filter((guard) => !isHttpOnly(guard));
  view.getGlobalInterceptors = () =>
    config.getGlobalInterceptors().filter((interceptor) => !isHttpOnly(interceptor));
  return view;
}

/**
 * Built once the application has created its providers (gateway instances exist). Request-scoped
 * gateways are not included: the adapter keeps Nest's own handler for those events.
 */
export function buildGatewayHandlers(app: INestApplication): GatewayHandlers {
  const { container, config } = app as unknown as AppInternals;
  const view = withoutHttpOnly(config);
  const creator = new WsContextCreator(
    new WsProxy(),
    new ExceptionFiltersContext(container),
    new PipesContextCreator(container, view),
    new PipesConsumer(),
    new GuardsContextCreator(container, view),
    new GuardsConsumer(),
    new InterceptorsContextCreator(container, view),
    new InterceptorsConsumer(),
  );
  const explorer = new GatewayMetadataExplorer(new MetadataScanner());
  const byPath: GatewayHandlers = new Map();
  const ambiguous = new Set<string>();
  for (const [moduleKey, moduleRef] of container.getModules()) {
    for (const wrapper of moduleRef.providers.values()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance || !Reflect.getMetadata(GATEWAY_METADATA, metatype)) continue;
      if (!wrapper.isDependencyTreeStatic()) continue;
      const declared = (Reflect.getMetadata(GATEWAY_OPTIONS, metatype) as { path?: string } | undefined)
        ?.path;
      if (!declared) continue;
      const path = normalizePath(declared); // as the ws adapter names the server's path
      let events = byPath.get(path);
      if (!events) byPath.set(path, (events = new Map<string, GatewayHandler>()));
      for (const { message, methodName, callback } of explorer.explore(instance)) {
        const event = message as string;
        const key = `${path}\0${event}`;
        if (events.has(event) || ambiguous.has(key)) {
          // Which one Nest binds first is its business: leave the event to Nest's own handler.
          events.delete(event);
          ambiguous.add(key);
          continue;
        }
        // Nest's proxy is `async`: the method's value (or undefined once its error went to the filter).
        const handler = creator.create(
          instance,
          callback as (...args: unknown[]) => void,
          moduleKey,
          methodName,
          STATIC_CONTEXT,
        ) as GatewayHandler;
        events.set(event, (client, data, name) => handler.call(instance, client, data, name));
      }
    }
  }
  return byPath;
}
