import { Inject, Injectable } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { gatewayPath, type GatewayClass } from '../realtime/contract/gateway-events.js';
import { buildAsyncApiDocument } from './asyncapi-document.js';
import { renderAsyncApiHtml } from './asyncapi-html.js';
import { wsFrames } from './frame-contracts.js';

interface Published {
  openApi: OpenAPIObject;
  asyncApi: Record<string, unknown>;
  asyncApiHtml: string;
}

/**
 * The machine-readable documents the server serves. The OpenAPI one is built from the running app
 * (configureApp publishes it before the app listens); the AsyncAPI one from the app's /ws gateways
 * and the frame contracts, reusing the OpenAPI message and room schemas.
 */
@Injectable()
export class ApiDocuments {
  private published: Published | undefined;

  constructor(@Inject(ModulesContainer) private readonly modules: ModulesContainer) {}

  publishOpenApi(openApi: OpenAPIObject): void {
    const frames = wsFrames(this.gateways('/ws'));
    const asyncApi = buildAsyncApiDocument(openApi.components?.schemas ?? {}, openApi.info.version, frames);
    this.published = { openApi, asyncApi, asyncApiHtml: renderAsyncApiHtml(asyncApi) };
  }

  /** Every gateway class of the app on `path` (each once, in module order). */
  private gateways(path: string): GatewayClass[] {
    const found = new Set<GatewayClass>();
    for (const module of this.modules.values())
      for (const { metatype } of module.providers.values())
        if (gatewayPath(metatype) === path) found.add(metatype as GatewayClass);
    return [...found];
  }

  private documents(): Published {
    if (!this.published) throw new Error('the API documents were not built (configureApp)');
    return this.published;
  }

  openApi(): OpenAPIObject {
    return this.documents().openApi;
  }

  asyncApi(): Record<string, unknown> {
    return this.documents().asyncApi;
  }

  asyncApiHtml(): string {
    return this.documents().asyncApiHtml;
  }
}
