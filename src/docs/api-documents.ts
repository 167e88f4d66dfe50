import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildAsyncApiDocument } from './asyncapi-document.js';
import { renderAsyncApiHtml } from './asyncapi-html.js';

interface Published {
  openApi: OpenAPIObject;
  asyncApi: Record<string, unknown>;
  asyncApiHtml: string;
}

/**
 * The machine-readable documents the server serves. The OpenAPI one is built from the running app
 * (configureApp publishes it before the app listens); the AsyncAPI one reuses its message and room schemas.
 */
@Injectable()
export class ApiDocuments {
  private published: Published | undefined;

  publishOpenApi(openApi: OpenAPIObject): void {
    const asyncApi = buildAsyncApiDocument(openApi.components?.schemas ?? {}, openApi.info.version);
    this.published = { openApi, asyncApi, asyncApiHtml: renderAsyncApiHtml(asyncApi) };
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
