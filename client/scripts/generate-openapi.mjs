// Regenerates client/src/generated/openapi.ts from the server's own OpenAPI document: builds the server
// when its sources are newer than dist, boots it on a random loopback port with a throwaway embedded
// database, fetches /docs-json and runs openapi-typescript (through npx: as a dependency it clashes with
// TypeScript 6). `--check` writes nothing and exits 1 when the committed file differs (CI).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'dist', 'server.mjs');
const TARGET = join(ROOT, 'client', 'src', 'generated', 'openapi.ts');
const OPENAPI_TYPESCRIPT = 'openapi-typescript@7.13.0';
const check = process.argv.includes('--check');

/** Builds when dist/ is missing or older than a source (scripts/build-if-stale.mjs, as `npm start` does). */
function ensureBuilt() {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** Boots the server as `npm start` runs it (dist/server.mjs) on 127.0.0.1:0 and resolves with its URL and a stop function. */
function bootServer(dataDir) {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      HTTP_HOST: '127.0.0.1:0',
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      // The document does not depend on the database: always the embedded one.
      PSQL_HOST: '',
      PSQL_PORT: '',
      PSQL_USER: '',
      PSQL_PASSWORD: '',
      PSQL_DB: '',
      DATABASE_URL: '',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise((resolveStop) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
      child.once('exit', () => resolveStop());
      child.kill('SIGTERM');
    });
  return new Promise((resolveBoot, rejectBoot) => {
    const timer = setTimeout(() => {
      void stop();
      rejectBoot(new Error(`server did not listen within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /"msg":"listening","url":"([^"]+)"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolveBoot({ url: match[1].replace('[::1]', '127.0.0.1'), stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectBoot(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
}

async function fetchDocument() {
  const dataDir = mkdtempSync(join(tmpdir(), 'p-chat-sdk-gen-'));
  const server = await bootServer(dataDir);
  try {
    const response = await fetch(`${server.url}/docs-json`);
    if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
    return await response.text();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), 'p-chat-sdk-types-'));
  try {
    const documentPath = join(work, 'openapi.json');
    const outputPath = join(work, 'openapi.ts');
    writeFileSync(documentPath, await fetchDocument());
    execFileSync('npx', ['-y', OPENAPI_TYPESCRIPT, documentPath, '-o', outputPath], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const generated = readFileSync(outputPath, 'utf8');
    if (!check) {
      writeFileSync(TARGET, generated);
      console.log(`wrote ${TARGET}`);
      return;
    }
    let committed = '';
    try {
      committed = readFileSync(TARGET, 'utf8');
    } catch {
      // missing counts as different
    }
    if (committed !== generated) {
      console.error(
        'client/src/generated/openapi.ts is out of date with /docs-json: run `npm run sdk:generate` and commit it.',
      );
      process.exitCode = 1;
      return;
    }
    console.log('client/src/generated/openapi.ts matches /docs-json');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
