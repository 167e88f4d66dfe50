import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generatedSecret } from './auth.config.js';
import { ConfigError } from './env.js';

describe('the generated jwt-secret file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'p-chat-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once, 0600, at least 32 bytes, with no temp file left behind', () => {
    const secret = generatedSecret(join(dir, 'data'));
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    const file = join(dir, 'data', 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'data'))).toEqual(['jwt-secret']);
    expect(generatedSecret(join(dir, 'data'))).toBe(secret);
    expect(readFileSync(file, 'utf8')).toBe(secret);
  });

  it.each(['', '\n', 'short-secret'])('refuses a file holding %p, naming the file in one line', (content) => {
    writeFileSync(join(dir, 'jwt-secret'), content);
    let error: unknown;
    try {
      generatedSecret(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(join(dir, 'jwt-secret'));
    expect((error as Error).message).not.toContain('\n');
  });
});
