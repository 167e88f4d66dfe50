#!/usr/bin/env node
// The top self-time functions of V8 .cpuprofile files (`node --cpu-prof`), merged by function and
// location: `node bench/lib/profile-top.mjs <file.cpuprofile|dir>... [--top=15] [--by=package]`.
// `--by=package` sums self time per node_modules package (or "p-chat", "node:internal", "(native)").
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function profileFiles(paths) {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.cpuprofile'))
          .map((name) => join(path, name))
      : [path],
  );
}

/** Where a frame's code lives, short: `ws/lib/sender.js:123`, `dist/src/chat/x.js:10`, `node:net`. */
function location(frame) {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return '';
  const modules = url.lastIndexOf('node_modules/');
  const short =
    modules >= 0 ? url.slice(modules + 'node_modules/'.length) : url.replace(/^.*?\/dist\//, 'dist/');
  return `${short}:${frame.lineNumber + 1}`;
}

function packageOf(frame) {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const modules = url.lastIndexOf('node_modules/');
  if (modules < 0) return url.includes('/dist/') ? 'p-chat' : url;
  const rest = url.slice(modules + 'node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

/**
 * Self time per key (µs) over all profiles, and the total sampled time. `windows`: [start, end] µs on
 * the monotonic clock (V8 profile timestamps are CLOCK_MONOTONIC on Linux, like process.hrtime) —
 * when given, only samples inside one of them count.
 */
export function selfTimes(files, keyOf, windows) {
  const inside = (t) => !windows || windows.some(([start, end]) => t >= start && t <= end);
  const totals = new Map();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const deltas = profile.timeDeltas;
    let t = profile.startTime;
    // Each sample's time is the delta to the NEXT sample (V8's convention for the last one: none).
    for (let i = 0; i < profile.samples.length; i += 1) {
      t += deltas[i];
      const dt = deltas[i + 1] ?? 0;
      if (!inside(t)) continue;
      const node = byId.get(profile.samples[i]);
      const key = keyOf(node.callFrame);
      totals.set(key, (totals.get(key) ?? 0) + dt);
      total += dt;
    }
  }
  return { totals, total };
}

export function topSelf(paths, { top = 15, by = 'function', windows } = {}) {
  const files = profileFiles(paths);
  const keyOf =
    by === 'package'
      ? packageOf
      : (frame) => `${frame.functionName || '(anonymous)'}  ${location(frame)}`.trimEnd();
  const { totals, total } = selfTimes(files, keyOf, windows);
  const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { files, total, rows };
}

export function formatTop({ files, total, rows }) {
  const lines = [`${files.length} profile(s), ${(total / 1e6).toFixed(2)} s sampled; self time:`];
  for (const [key, us] of rows) {
    lines.push(
      `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${key}`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) =>
    args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  const paths = args.filter((arg) => !arg.startsWith('--'));
  if (paths.length === 0) {
    console.error('usage: node bench/lib/profile-top.mjs <file.cpuprofile|dir>... [--top=15] [--by=package]');
    process.exit(2);
  }
  // --window=<start>-<end> (µs, monotonic) restricts the samples, as `bench/run.mjs --profile` prints.
  const windows = option('window', undefined)
    ?.split(',')
    .map((range) => range.split('-').map(Number));
  const top = Number(option('top', 15));
  console.log(formatTop(topSelf(paths, { top, by: option('by', 'function'), windows })));
}

/**
 * `bench/run.mjs --profile`: every p-chat server the run starts (through startPChat) runs under
 * `node --cpu-prof` writing into a new bench/profiles/<time>/ (gitignored); returns that folder.
 */
export function profileServers() {
  const dir = resolve(
    fileURLToPath(new URL('../profiles', import.meta.url)),
    new Date().toISOString().replace(/[:.]/g, '-'),
  );
  mkdirSync(dir, { recursive: true });
  const flags = [process.env.BENCH_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${dir}`];
  process.env.BENCH_NODE_FLAGS = flags.filter(Boolean).join(' ');
  return dir;
}

/** After a `--profile` run: the top functions in the saturated DM windows (else the whole run). */
export function printProfile(dir, windows) {
  const scoped = windows.length > 0 ? windows : undefined;
  const what = scoped ? `the ${windows.length} saturated DM run(s)` : 'the whole run';
  const option = scoped ? ` --window=${windows.map((w) => w.join('-')).join(',')}` : '';
  console.log(`\np-chat CPU profiles in ${dir}; self time during ${what}`);
  console.log(`(again: node bench/lib/profile-top.mjs ${dir}${option})`);
  console.log(formatTop(topSelf([dir], { windows: scoped })));
  console.log(formatTop(topSelf([dir], { windows: scoped, by: 'package', top: 10 })));
}
