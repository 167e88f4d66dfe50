import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { lockDataDir, lockPathFor } from './data-dir-lock.js';

/** A process that holds a socket at `path` and is then killed with SIGKILL: its socket file stays. */
async function leaveStaleSocket(path: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`],
    { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('lockDataDir', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'p-chat-lock-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a second owner while the first holds the directory, and allows one after release', async () => {
    const first = await lockDataDir(directory);
    await expect(lockDataDir(directory)).rejects.toThrow(
      /Invalid configuration: DATA_DIR .* is in use by another running p-chat process/,
    );
    await first.release();
    const second = await lockDataDir(directory);
    await second.release();
  });

  it('takes over the lock a killed owner left behind, keeping every data file', async () => {
    writeFileSync(join(directory, 'keep-me'), 'data');
    await leaveStaleSocket(lockPathFor(directory));
    expect(existsSync(lockPathFor(directory))).toBe(true);
    const lock = await lockDataDir(directory);
    await expect(lockDataDir(directory)).rejects.toThrow(/in use/);
    await lock.release();
    expect(existsSync(join(directory, 'keep-me'))).toBe(true);
  }, 20_000);

  it('keeps the socket outside a directory whose path is too long for one', () => {
    const deep = join(directory, 'd'.repeat(60), 'e'.repeat(60));
    mkdirSync(deep, { recursive: true });
    expect(lockPathFor(deep).startsWith(tmpdir())).toBe(true);
    expect(lockPathFor(directory)).toBe(join(directory, 'p-chat.lock'));
  });
});
