// Checks one HTTP response against the OpenAPI document: the operation found by path template and
// method (an unlisted one must be the document's unknown-route 404), the status listed, the required
// headers present and valid, the media type listed, and the JSON body valid against its schema
// (ajv, JSON Schema 2020-12, as OpenAPI 3.1 specifies). Returns the problems, empty when it conforms.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;

export interface ObservedResponse {
  method: string;
  /** Path and query, or a full URL. */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or the text of a non-JSON one. */
  body: unknown;
}

interface Template {
  path: string;
  pattern: RegExp;
  literalLength: number;
}

const DOCUMENT_ID = 'https://p-chat.local/openapi.json';
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

function templatePattern(path: string): RegExp {
  return new RegExp('^' + path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+') + '/?$');
}

function pointer(...segments: string[]): string {
  return '#/' + segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly templates: Template[];
  /** `x-outside-api`: the web client's static files, which the document names but does not describe. */
  private readonly outside: RegExp[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, DOCUMENT_ID);
    const paths = Object.keys(document.paths ?? {});
    this.templates = paths
      .map((path) => ({
        path,
        pattern: templatePattern(path),
        literalLength: path.replace(/\{[^}/]+\}/g, '').length,
      }))
      // A literal segment wins over a parameter: /rooms/public before /rooms/{id}.
      .sort((a, b) => b.literalLength - a.literalLength);
    const outside = (document['x-outside-api'] ?? []) as { path: string }[];
    this.outside = outside.map(({ path }) => templatePattern(path));
  }

  validate(observed: ObservedResponse): string[] {
    const url = new URL(observed.url, 'http://host');
    const method = observed.method.toLowerCase();
    const what = `${observed.method.toUpperCase()} ${url.pathname} → ${observed.status}`;
    // Not API responses (test/web-app.e2e-spec.ts checks their headers itself).
    if (this.outside.some((pattern) => pattern.test(safeDecode(url.pathname)))) return [];
    const template = this.templates.find((t) => t.pattern.test(safeDecode(url.pathname)));
    const item = template ? ((this.document.paths as Json)[template.path] as Json) : undefined;
    const operation = item?.[method] as Json | undefined;
    let responsePointer: string;
    if (!template || !operation) {
      if (observed.status !== 404) return [`${what}: no operation in the document for this path and method`];
      responsePointer = pointer('components', 'responses', 'UnknownRoute');
    } else {
      const responses = (operation.responses ?? {}) as Json;
      const status = String(observed.status);
      const key = [status, `${status[0]}XX`, 'default'].find((candidate) => candidate in responses);
      if (!key) {
        return [`${what}: status not documented (documented: ${Object.keys(responses).join(', ')})`];
      }
      responsePointer = pointer('paths', template.path, method, 'responses', key);
    }
    return this.checkResponse(what, responsePointer, observed).map((problem) => `${what}: ${problem}`);
  }

  private resolve(ref: string): Json {
    let node: unknown = this.document;
    for (const segment of ref.slice(2).split('/')) {
      node = (node as Json)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    const target = node as Json;
    return typeof target.$ref === 'string' ? this.resolve(target.$ref) : target;
  }

  private checkResponse(what: string, responsePointer: string, observed: ObservedResponse): string[] {
    const response = this.resolve(responsePointer);
    const problems: string[] = [];
    for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
      const spec =
        typeof (header as Json).$ref === 'string'
          ? this.resolve((header as Json).$ref as string)
          : (header as Json);
      const value = observed.headers[name.toLowerCase()];
      if (value === undefined) {
        if (spec.required === true) problems.push(`required header ${name} missing`);
        continue;
      }
      if (spec.schema && !this.ajv.validate(spec.schema as Json, Array.isArray(value) ? value[0] : value)) {
        problems.push(`header ${name}=${String(value)}: ${this.ajv.errorsText(this.ajv.errors)}`);
      }
    }
    const content = response.content as Json | undefined;
    const contentType =
      String(observed.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const hasBody =
      observed.body !== undefined && observed.body !== '' && !(contentType === '' && isEmpty(observed.body));
    if (!content) {
      if (hasBody) problems.push(`a body (${contentType}) where the document describes none`);
      return problems;
    }
    if (!(contentType in content)) {
      problems.push(
        `content type "${contentType}" not documented (documented: ${Object.keys(content).join(', ')})`,
      );
      return problems;
    }
    if (!contentType.endsWith('json') || !(content[contentType] as Json).schema) return problems;
    const schemaPointer = `${responsePointer}/content/${contentType.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`;
    const validate = this.validator(schemaPointer);
    if (!validate(observed.body)) {
      problems.push(
        `body does not match the schema: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}; body ${JSON.stringify(observed.body).slice(0, 600)}`,
      );
    }
    void what;
    return problems;
  }

  private validator(schemaPointer: string): ValidateFunction {
    let validate = this.compiled.get(schemaPointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${schemaPointer}` });
      this.compiled.set(schemaPointer, validate);
    }
    return validate;
  }
}

function isEmpty(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.keys(body).length === 0;
}

/** A path with a malformed %-escape is matched as it is (it names no template parameter anyway). */
function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
