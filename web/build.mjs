// Bundles the web client (web/src, on @p-chat/client's sources) with esbuild into content-hashed files
// under dist/web/assets and writes dist/web/index.html naming them. `node web/build.mjs [outDir]`;
// run by `npm run build`. The server serves that folder at /app (src/web-app).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? join(HERE, '..', 'dist', 'web'));

export async function buildWebApp(target = outDir) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: { app: join(HERE, 'src', 'main.ts'), style: join(HERE, 'src', 'app.css') },
    outdir: join(target, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
  const script = outputs.find((file) => /^app-.*\.js$/.test(file));
  const style = outputs.find((file) => /^style-.*\.css$/.test(file));
  if (!script || !style) throw new Error(`web build: unexpected outputs ${outputs.join(', ')}`);
  const html = readFileSync(join(HERE, 'index.html'), 'utf8')
    .replace('%SCRIPT%', `/app/assets/${script}`)
    .replace('%STYLE%', `/app/assets/${style}`);
  writeFileSync(join(target, 'index.html'), html);
  return { outDir: target, script, style };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildWebApp();
  process.stdout.write(
    `web client → ${relative(process.cwd(), built.outDir) || '.'} (${built.script}, ${built.style})\n`,
  );
}
