// Jest setup for the e2e suite (setupFilesAfterEnv): every HTTP response any test receives through
// supertest is validated against the server's OpenAPI document, and a response the document does not
// describe fails the request (so the test that made it) with the reasons. WebSocket frames, closes and
// refused upgrades (test/helpers/ws-client.ts) are checked against /asyncapi.json; what fails there
// fails the test during which it arrived.
import { afterEach } from '@jest/globals';
import supertest, { type Response } from 'supertest';
import { openApiValidatorFor, settleContractChecks } from './contract-documents.js';

type AssertCallback = (error: Error | null, response: Response) => void;
interface TestInternals {
  method: string;
  url: string;
  assert(error: Error | null, response: Response | undefined, callback?: AssertCallback): void;
}

const prototype = supertest.Test.prototype as unknown as TestInternals;
const originalAssert = prototype.assert;

async function problemsOf(test: TestInternals, response: Response): Promise<string[]> {
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

afterEach(async () => {
  const problems = await settleContractChecks();
  if (problems.length > 0) {
    throw new Error(`received from the server but not described by /asyncapi.json:\n${problems.join('\n')}`);
  }
});
