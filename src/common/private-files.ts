// DATA_DIR holds argon2 hashes (in the WAL too) and the JWT secret: nobody but the owning OS user may
// read it. The directory is made (or tightened to) 0700, and while the embedded engine runs the
// process umask is 077, so every file PGlite creates is 0600 whatever mode it asks for.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_UMASK = 0o077;

/** Creates the directory 0700, or takes group/other access away from an existing one. */
export function ensurePrivateDir(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(directory, PRIVATE_DIR_MODE);
}

/** Files left world-readable by an older version are tightened once at startup (bounded walk). */
export function tightenTree(directory: string, maxEntries = 100_000): void {
  const pending = [directory];
  let seen = 0;
  while (pending.length > 0 && seen < maxEntries) {
    const current = pending.pop() as string;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      seen += 1;
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        pending.push(path);
        chmodSync(path, PRIVATE_DIR_MODE);
      } else if (entry.isFile() && (statSync(path).mode & 0o077) !== 0) {
        chmodSync(path, statSync(path).mode & 0o700);
      }
    }
  }
}

/** Sets umask 077 until the returned function is called (nested holders keep it until the last one). */
let holders = 0;
let saved: number | undefined;
export function holdPrivateUmask(): () => void {
  if (holders === 0) saved = process.umask(PRIVATE_UMASK);
  holders += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0 && saved !== undefined) process.umask(saved);
  };
}
