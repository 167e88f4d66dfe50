#!/usr/bin/env node
// The build (`npm run build` = `--force`) and `npm start`'s prestart, which builds only when dist/ is
// missing or older than a source, so starting an already built tree does not rebuild it. A
// successful build leaves dist/.build-stamp with the build's START time as its mtime, so a file saved
// while the build ran is still seen as newer next time. `nest build` deletes dist/ first, so a failed
// or interrupted build leaves no stamp and the next start builds again.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');
/** What `npm run build` reads: the server, the web client and the SDK sources it bundles, configs. */
const SOURCES = [
  'src',
  'web',
  'client/src',
  'ormconfig.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package.json',
  'package-lock.json',
  'client/package.json',
  'client/tsconfig.json',
];
const OUTPUTS = ['dist/src/main.js', 'dist/server.mjs', 'dist/web/index.html'];
/** The server (nest build, which empties dist/ first), its one-file bundle, then the web client into dist/web. */
const BUILD_STEPS = [
  [join(ROOT, 'node_modules', '.bin', 'nest'), 'build', '-p', 'tsconfig.build.json'],
  [process.execPath, join(ROOT, 'scripts', 'bundle-server.mjs')],
  [process.execPath, join(ROOT, 'web', 'build.mjs')],
];

/** The newest mtime (ms) under `path`, and which file has it; missing paths count as 0. */
function newest(path) {
  let best = { mtimeMs: 0, path };
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return best;
  }
  if (!stat.isDirectory()) return { mtimeMs: stat.mtimeMs, path };
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const found = newest(join(path, entry.name));
    if (found.mtimeMs > best.mtimeMs) best = found;
  }
  // A deleted file changes only its directory's mtime.
  return stat.mtimeMs > best.mtimeMs ? { mtimeMs: stat.mtimeMs, path } : best;
}

function staleReason() {
  if (process.argv.includes('--force')) return '--force';
  const missing = OUTPUTS.find((file) => !existsSync(join(ROOT, file)));
  if (missing) return `${missing} is missing`;
  if (!existsSync(STAMP))
    return 'no dist/.build-stamp (never built by this script, or the last build failed)';
  const built = statSync(STAMP).mtimeMs;
  for (const source of SOURCES) {
    const found = newest(join(ROOT, source));
    if (found.mtimeMs > built) return `${found.path.slice(ROOT.length + 1)} is newer than the build`;
  }
  return undefined;
}

const reason = staleReason();
if (reason === undefined) process.exit(0);
if (reason !== '--force') process.stdout.write(`building: ${reason}\n`);
const started = new Date();
for (const [command, ...args] of BUILD_STEPS) {
  const step = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (step.error) throw step.error;
  if (step.status !== 0) process.exit(step.status ?? 1);
}
closeSync(openSync(STAMP, 'w'));
utimesSync(STAMP, started, started);
