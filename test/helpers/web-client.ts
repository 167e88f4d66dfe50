// The web client (web/) built for a test run into a folder of its own, and an app serving it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, type TestApp, type TestAppOptions } from './create-app.js';

/** `node web/build.mjs <dir>`, asynchronously: a blocked event loop would stall other servers in the run. */
export async function buildWebClient(): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'p-chat-web-'));
  await promisify(execFile)(process.execPath, ['web/build.mjs', directory], { timeout: 60_000 });
  return directory;
}

/** An app whose /app serves a fresh build; close() removes the build too. */
export async function createWebApp(options: TestAppOptions = {}): Promise<TestApp & { webDir: string }> {
  const webDir = await buildWebClient();
  const app = await createTestApp({ ...options, env: { ...options.env, WEB_APP_DIR: webDir } });
  return {
    ...app,
    webDir,
    async close() {
      await app.close();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}
