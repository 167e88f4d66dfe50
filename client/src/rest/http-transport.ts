// fetch with the base URL, the Bearer token (renewed once after a 401), JSON bodies and envelope reading.
import { PChatError } from '../errors.js';
import type { ApiPath, HttpMethod } from './api-types.js';
import { readEnvelope, type RouteFamily } from './envelopes.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Where authenticated calls get their token (the SDK's TokenManager). */
export interface AccessTokenSource {
  /** A token valid for a while yet (refreshed first when close to expiry). */
  accessToken(): Promise<string>;
  /** After `rejected` got a 401: a different, fresh token, or null when none can be had. */
  renewedAccessToken(rejected: string): Promise<string | null>;
}

export type QueryValue = string | number | boolean | undefined | null;

export interface CallOptions {
  family: RouteFamily;
  /** Sends the Bearer token (default true). */
  auth?: boolean;
  params?: Record<string, string>;
  query?: Record<string, QueryValue> | object;
  body?: unknown;
}

export class HttpTransport {
  private tokens: AccessTokenSource | null = null;
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init),
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  useTokens(tokens: AccessTokenSource): void {
    this.tokens = tokens;
  }

  /** Calls a route of the OpenAPI document and returns its envelope's data. */
  async call(method: HttpMethod, template: ApiPath, options: CallOptions): Promise<unknown> {
    const url = this.urlOf(template, options);
    const needsAuth = options.auth ?? true;
    if (!needsAuth || this.tokens === null) return this.send(method, url, options, null);
    const token = await this.tokens.accessToken();
    try {
      return await this.send(method, url, options, token);
    } catch (error) {
      if (!(error instanceof PChatError) || error.status !== 401) throw error;
      const renewed = await this.tokens.renewedAccessToken(token);
      if (renewed === null) throw error;
      return this.send(method, url, options, renewed);
    }
  }

  private urlOf(template: string, options: CallOptions): string {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = options.params?.[name];
      if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${template}`);
      return encodeURIComponent(value);
    });
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {}) as [string, QueryValue][]) {
      if (value !== undefined && value !== null) search.set(key, String(value));
    }
    const query = search.toString();
    return `${this.baseUrl}${path}${query === '' ? '' : `?${query}`}`;
  }

  private async send(
    method: HttpMethod,
    url: string,
    options: CallOptions,
    token: string | null,
  ): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    const init: RequestInit = { method: method.toUpperCase(), headers };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(url, init);
    } catch (cause) {
      throw new PChatError({
        status: 0,
        code: 'NETWORK_ERROR',
        message: `${init.method} ${url} failed`,
        cause,
      });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return readEnvelope(options.family, {
      status: response.status,
      body,
      requestId: response.headers.get('x-request-id'),
      retryAfter: response.headers.get('retry-after'),
    });
  }
}
