// The OpenAPI 3.1 document served at /docs-json: @nestjs/swagger's scan of the controllers, then
// every route's shared errors, security and scopes added from the metadata its guards read, response
// schemas closed (additionalProperties: false: a field the document does not name is a defect), and
// the whole converted to OpenAPI 3.1.
import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type PathItemObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import {
  ERROR_SCHEMAS,
  errorResponses,
  REQUEST_ID_REF,
  routeErrors,
  SHARED_HEADERS,
} from './openapi-errors.js';
import { toOpenApi31 } from './openapi-31.js';
import { collectRouteFacts, type RouteFacts } from './route-facts.js';
import { WEB_APP_ROUTES } from '../web-app/index.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

const DESCRIPTION = `Real-time chat backend (the contract: API.md).

**Envelopes.** Flash routes (\`/register\`, \`/login\`, \`/users…\`) answer \`{code, message, content}\` where
\`code\` is the HTTP status as a string. Session, rooms, dm and blocks routes answer \`{"status":"Success","data":…}\`
or \`{"status":"Error","error":{code, message, details?}}\`, except the bare \`{}\` of a 401 on
\`/session/authorize\`, \`/session/emailVerify\` and \`/session/refresh\`. Every response carries \`X-Request-Id\`.
Unknown routes answer 404 (\`x-unknown-route\`).

**Bodies.** JSON (\`Content-Type: application/json\`). On the flash routes only, as the original flash clients
need, a body is read as JSON whatever its \`Content-Type\` (none, \`text/plain\`, form); one that does not parse is 400.

**Errors.** Each operation lists, per status, the codes it can answer (an \`enum\` in the session envelope).

**Scopes.** Access tokens carry scopes; each operation's \`security\` names the ones it needs
(a token without them gets 403 \`INSUFFICIENT_SCOPE\`).

**Not in this document.** The web client's static files (\`/app\`, \`/app/assets/{file}\` and, outside
production, the redirect of \`/\` to \`/app\`) are pages for a browser, not API operations: they are listed under
\`x-outside-api\`, have no envelope and no SDK call.

**WebSockets.** \`/ws\` (JSON events) and \`/chats/{username}\` (the flash DM protocol) are described by the
AsyncAPI 3.0 document at [/asyncapi.json](/asyncapi.json), rendered at [/docs/ws](/docs/ws).`;

const BEARER_DESCRIPTION =
  'An access token (HS256 JWT) from /login, /register, /session/authorize, /session/emailVerify or ' +
  '/session/refresh: `Authorization: Bearer <jwt>`. The scheme word is case-insensitive and the space ' +
  'optional (`Bearer<jwt>`); flash routes also accept `Authorization: <jwt>`. Scopes: chat:read, ' +
  'chat:write, users:read, session.';

function baseDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('p-chat')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: BEARER_DESCRIPTION },
        'bearer',
      )
      .build(),
  );
}

function withRouteFacts(path: string, method: string, operation: OperationObject, facts: RouteFacts): void {
  const errors = routeErrors(method, path, operation.requestBody !== undefined, facts);
  operation.responses = { ...operation.responses, ...errorResponses(path, errors) };
  for (const response of Object.values(operation.responses) as ResponseObject[]) {
    response.headers = { 'X-Request-Id': REQUEST_ID_REF, ...response.headers };
  }
  operation.security = facts.isPublic ? [] : [{ bearer: facts.scopes }];
  if (facts.scopes.length > 0) {
    const scopes = facts.scopes.map((scope) => `\`${scope}\``).join(', ');
    operation.description = [operation.description, `**Scope:** ${scopes}.`].filter(Boolean).join('\n\n');
  }
}

const DOCS_UI_PATH: PathItemObject = {
  get: {
    operationId: 'SwaggerUi_page',
    tags: ['documents'],
    summary: 'This document, rendered for people (Swagger UI)',
    security: [],
    responses: {
      200: {
        description: 'an HTML page',
        headers: { 'X-Request-Id': REQUEST_ID_REF },
        content: { 'text/html': { schema: { type: 'string' } } },
      },
    },
  },
};

const NOT_FOUND_ERROR = {
  allOf: [
    { $ref: '#/components/schemas/SessionError' },
    { properties: { error: { properties: { code: { enum: ['NOT_FOUND'] } } } } },
  ],
};

const ASSET_TYPES = ['text/css', 'text/javascript', 'application/javascript', 'image/png', 'text/html'];

const DOCS_UI_ASSET_PATH: PathItemObject = {
  get: {
    operationId: 'SwaggerUi_asset',
    tags: ['documents'],
    summary: 'A file of the Swagger UI page (swagger-ui.css, swagger-ui-bundle.js, swagger-ui-init.js, …)',
    security: [],
    parameters: [{ name: 'asset', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      200: {
        description: 'the file',
        headers: { 'X-Request-Id': REQUEST_ID_REF },
        content: Object.fromEntries(ASSET_TYPES.map((type) => [type, { schema: { type: 'string' } }])),
      },
      404: {
        description: 'no such file',
        headers: { 'X-Request-Id': REQUEST_ID_REF },
        content: { 'application/json': { schema: NOT_FOUND_ERROR } },
      },
    },
  },
};

const UNKNOWN_ROUTE: ResponseObject = {
  description:
    'Any path and method the document does not list: 404 in the session envelope (the flash envelope under /register, /login, /users).',
  headers: { 'X-Request-Id': REQUEST_ID_REF },
  content: {
    'application/json': {
      schema: {
        anyOf: [
          NOT_FOUND_ERROR,
          {
            allOf: [{ $ref: '#/components/schemas/FlashError' }, { properties: { code: { enum: ['404'] } } }],
          },
        ],
      },
    },
  },
};

/** Marks every component schema a response can reach as closed: no field beyond those named. */
function closeResponseSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const visited = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (visited.has(name)) return;
      visited.add(name);
      const schema = schemas[name];
      if (schema?.properties && schema.additionalProperties === undefined)
        schema.additionalProperties = false;
      visit(schema);
      return;
    }
    Object.values(node).forEach(visit);
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) Object.values(operation.responses).forEach(visit);
    }
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = baseDocument(app);
  const facts = collectRouteFacts(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const routeFacts = facts.get(operation.operationId ?? '');
      if (!routeFacts) throw new Error(`OpenAPI: no route facts for operation ${operation.operationId}`);
      withRouteFacts(path, method, operation, routeFacts);
    }
  }
  document.paths['/docs'] = DOCS_UI_PATH;
  document.paths['/docs/{asset}'] = DOCS_UI_ASSET_PATH;
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...ERROR_SCHEMAS },
    headers: SHARED_HEADERS,
    responses: { UnknownRoute: UNKNOWN_ROUTE },
  };
  closeResponseSchemas(document);
  const converted = toOpenApi31(document) as OpenAPIObject & Record<string, unknown>;
  converted['x-unknown-route'] = { $ref: '#/components/responses/UnknownRoute' };
  converted['x-outside-api'] = WEB_APP_ROUTES;
  return converted;
}
