#!/usr/bin/env node
// Runs e2e suites again and again to find intermittent failures (issue 14):
//   npm run test:repeat -- <suite path or pattern>… [-n 20] [--pg]
// Each run is a separate Jest process (a fresh app, fresh databases); with --pg every run gets a fresh
// PostgreSQL database (test/with-fresh-pg.mjs). Prints one line per run and the tally; exits 1 if any
// run failed, and keeps the output of failed runs in a temporary directory for reading.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const countAt = args.findIndex((arg) => arg === '-n' || arg === '--runs');
const runs = countAt >= 0 ? Number(args[countAt + 1]) : 20;
const onPostgres = args.includes('--pg');
const suites = args.filter((arg, i) => !arg.startsWith('-') && (countAt < 0 || i !== countAt + 1));
if (suites.length === 0 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run test:repeat -- <suite>… [-n N] [--pg]');
  process.exit(2);
}

// --forceExit as in `npm run test:e2e`: a run whose hook timed out must end as a failure, not hang the tally.
const jest = [
  'node_modules/.bin/jest',
  '--selectProjects',
  'e2e',
  '--runInBand',
  '--testTimeout',
  '60000',
  '--forceExit',
];
const command = onPostgres ? ['node', 'test/with-fresh-pg.mjs', ...jest, ...suites] : [...jest, ...suites];
const logs = mkdtempSync(join(tmpdir(), 'p-chat-repeat-'));

function once() {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command[0], command.slice(1), {
      env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ ok: code === 0, ms: Date.now() - started, output }));
  });
}

let failed = 0;
for (let run = 1; run <= runs; run += 1) {
  const { ok, ms, output } = await once();
  let note = '';
  if (!ok) {
    failed += 1;
    const file = join(logs, `run-${run}.log`);
    writeFileSync(file, output);
    const first = output.split('\n').find((line) => line.includes('●')) ?? '';
    note = `  ${first.trim()}  (${file})`;
  }
  console.log(`run ${run}/${runs}: ${ok ? 'pass' : 'FAIL'} in ${(ms / 1000).toFixed(1)} s${note}`);
}
console.log(`${runs - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
