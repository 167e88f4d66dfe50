// Jest setup for the e2e suite (setupFilesAfterEnv): every HTTP response any test receives through
// supertest is validated against the server's OpenAPI document, and a response the document does not
// describe fails the request (so the test that made it) with the reasons. Responses to plain `fetch`
// calls are checked too, and WebSocket frames, closes and refused upgrades (test/helpers/ws-client.ts)
// against /asyncapi.json; what fails there fails the test during which it arrived.
import { afterEach } from '@jest/globals';
import supertest, { type Response as TestResponse } from 'supertest';
import {
  openApiValidatorFor,
  openApiValidatorIfServed,
  recordContractCheck,
  settleContractChecks,
} from './contract-documents.js';

type AssertCallback = (error: Error | null, response: TestResponse) => void;
interface TestInternals {
  method: string;
  url: string;
  assert(error: Error | null, response: TestResponse | undefined, callback?: AssertCallback): void;
}

const prototype = supertest.Test.prototype as unknown as TestInternals;
const originalAssert = prototype.assert;

async function problemsOf(test: TestInternals, response: TestResponse): Promise<string[]> {
  const validator = await openApiValidatorFor(test.url);
  return validator.validate({
    method: test.method,
    url: test.url,
    status: response.status,
    headers: response.headers,
    body: response.type.endsWith('json') ? response.body : response.text,
  });
}

prototype.assert = function (this: TestInternals, error, response, callback) {
  if (!response) return originalAssert.call(this, error, response, callback);
  problemsOf(this, response).then(
    (problems) =>
      originalAssert.call(this, error, response, (assertError, res) => {
        const contractError =
          problems.length > 0
            ? new Error(`response not described by /docs-json:\n${problems.join('\n')}`)
            : null;
        callback?.call(this, assertError ?? contractError, res);
      }),
    (loadError: unknown) =>
      originalAssert.call(this, error, response, (_, res) =>
        callback?.call(this, new Error(`cannot load the OpenAPI document: ${String(loadError)}`), res),
      ),
  );
};

const plainFetch = globalThis.fetch;

function requestOf(input: Parameters<typeof fetch>[0], init?: RequestInit): { method: string; url: string } {
  if (typeof input === 'string') return { method: init?.method ?? 'GET', url: input };
  if (input instanceof URL) return { method: init?.method ?? 'GET', url: input.href };
  return { method: init?.method ?? input.method, url: input.url };
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('json') || text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

globalThis.fetch = async (input, init) => {
  const response = await plainFetch(input, init);
  const { method, url } = requestOf(input, init);
  if (!/^https?:/.test(url)) return response;
  const copy = response.clone();
  recordContractCheck(async () => {
    const validator = await openApiValidatorIfServed(url);
    if (!validator) return [];
    const observed = {
      method,
      url,
      status: copy.status,
      headers: Object.fromEntries(copy.headers),
      body: await bodyOf(copy),
    };
    return validator.validate(observed).map((problem) => `fetch: ${problem}`);
  });
  return response;
};

afterEach(async () => {
  const problems = await settleContractChecks();
  if (problems.length > 0) {
    throw new Error(
      `received from the server but not described by /docs-json or /asyncapi.json:\n${problems.join('\n')}`,
    );
  }
});
