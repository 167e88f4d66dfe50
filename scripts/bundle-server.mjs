#!/usr/bin/env node
// Bundles the compiled server (dist/src/main.js, tsc's output with its decorator metadata) into one
// file, dist/server.mjs, which `npm start` runs. Node then reads one file instead of ~2 300: resolving,
// opening and compiling the modules one by one was 1.5 s of a 2.2 s start (issue 13, bench/README.md).
// dist/src stays the tree the tests, the TypeORM CLI and the SDK generator use.
//
// Left to node_modules, loaded as usual at run time:
// - packages that find their own files beside their code or are native: PGlite (wasm and data files),
//   swagger-ui-dist (the UI's assets), argon2 (a compiled addon);
// - pg: TypeORM requires its driver by a computed name, so a bundled copy would be a second pg, and a
//   type parser set on one would not reach the other;
// - optional peers Nest imports only when used, not installed here.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const EXTERNAL = [
  '@electric-sql/pglite',
  'swagger-ui-dist',
  'argon2',
  'pg',
  '@nestjs/microservices',
  '@nestjs/platform-socket.io',
  '@fastify/static',
];

// CommonJS packages inside an ESM bundle still call require() (node built-ins, the externals above),
// and one (ioredis) reads __dirname to trim stack traces.
const BANNER = [
  "import { createRequire as __pchatCreateRequire } from 'node:module';",
  "import { fileURLToPath as __pchatFileURLToPath } from 'node:url';",
  "import { dirname as __pchatDirname } from 'node:path';",
  'const require = __pchatCreateRequire(import.meta.url);',
  'const __filename = __pchatFileURLToPath(import.meta.url);',
  'const __dirname = __pchatDirname(__filename);',
].join('\n');

/**
 * @nestjs/typeorm looks up TypeORM 0.3's `Connection` and `AbstractRepository` with a run-time
 * `require('typeorm')`, which from the bundle loads all of TypeORM again from node_modules (~730 files,
 * a third of the start) to find two names TypeORM 1 no longer has. Under TypeORM ≥ 1 the module is
 * replaced by its result, both undefined; the build fails if the module starts exporting anything else.
 */
const typeormCompat = {
  name: 'typeorm-compat',
  setup(bundle) {
    bundle.onLoad(
      { filter: /@nestjs[\\/]typeorm[\\/]dist[\\/]common[\\/]typeorm-compat\.js$/ },
      ({ path }) => {
        const typeorm = JSON.parse(readFileSync(join(ROOT, 'node_modules/typeorm/package.json'), 'utf8'));
        const major = Number(typeorm.version.split('.')[0]);
        const exported = [...readFileSync(path, 'utf8').matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
        const expected = ['Connection', 'AbstractRepository'];
        if (major < 1 || exported.join() !== expected.join())
          throw new Error(`typeorm-compat: TypeORM ${major}, exports ${exported.join()}: revisit the shim`);
        return { contents: expected.map((name) => `export const ${name} = undefined;`).join('\n') };
      },
    );
  },
};

await build({
  absWorkingDir: ROOT,
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Nest names providers, modules and log contexts after their classes.
  keepNames: true,
  // For reading a stack trace: `node --enable-source-maps dist/server.mjs` (off by default: it costs
  // the start what the bundle saves).
  sourcemap: 'external',
  external: EXTERNAL,
  banner: { js: BANNER },
  plugins: [typeormCompat],
  logLevel: 'warning',
});
