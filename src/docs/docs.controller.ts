import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators/public.decorator.js';
import { ApiPlainResponse } from '../common/openapi/api-responses.js';
import { ApiDocuments } from './api-documents.js';

/** The API's own descriptions: OpenAPI for REST, AsyncAPI for the two WebSocket protocols. */
@ApiTags('documents')
@Public()
@Controller()
export class DocsController {
  constructor(@Inject(ApiDocuments) private readonly documents: ApiDocuments) {}

  @Get('docs-json')
  @ApiOperation({ summary: 'This OpenAPI 3.1 document (rendered at /docs)' })
  @ApiPlainResponse(
    {
      type: 'object',
      required: ['openapi', 'info', 'paths'],
      properties: { openapi: { type: 'string', enum: ['3.1.0'] } },
    },
    { description: 'the OpenAPI document' },
  )
  openApi(): object {
    return this.documents.openApi();
  }

  @Get('asyncapi.json')
  @ApiOperation({
    summary: 'The AsyncAPI 3.0 document of the WebSocket protocols (/ws and /chats/{username})',
  })
  @ApiPlainResponse(
    {
      type: 'object',
      required: ['asyncapi', 'info', 'channels', 'operations'],
      properties: { asyncapi: { type: 'string', enum: ['3.0.0'] } },
    },
    { description: 'the AsyncAPI document' },
  )
  asyncApi(): object {
    return this.documents.asyncApi();
  }

  @Get('docs/ws')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The AsyncAPI document rendered for people' })
  @ApiPlainResponse({ type: 'string' }, { description: 'an HTML page', mediaType: 'text/html' })
  asyncApiPage(): string {
    return this.documents.asyncApiHtml();
  }
}
