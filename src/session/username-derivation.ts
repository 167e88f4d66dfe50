// Usernames for /session/register when none is given (API.md §4.1): derived from the email's local
// part so they read like the person, then made unique with a numeric suffix.
import { randomInt } from 'node:crypto';

const MIN_LENGTH = 3;
const MAX_LENGTH = 32;
const SEQUENTIAL_SUFFIXES = 20;
const RANDOM_SUFFIXES = 5;

/** The local part lowercased, accents folded, `+tags` dropped and other invalid characters removed. */
export function usernameBaseFromEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = (at === -1 ? email : email.slice(0, at)).split('+')[0];
  const base = local
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]/g, '')
    .slice(0, MAX_LENGTH);
  if (base === '') return 'user';
  return base.length < MIN_LENGTH ? base.padEnd(MIN_LENGTH, '0') : base;
}

/** `base`, then `base2`…`base21`, then a few random 6-digit suffixes; every one fits in 32 chars. */
export function* usernameCandidates(base: string): Generator<string> {
  yield base;
  for (let n = 2; n < 2 + SEQUENTIAL_SUFFIXES; n += 1) yield withSuffix(base, String(n));
  for (let i = 0; i < RANDOM_SUFFIXES; i += 1) yield withSuffix(base, String(randomInt(100_000, 1_000_000)));
}

function withSuffix(base: string, suffix: string): string {
  return base.slice(0, MAX_LENGTH - suffix.length) + suffix;
}

/** The first candidate not taken yet, or undefined when every candidate is (the caller gives up). */
export async function deriveUsername(
  email: string,
  isTaken: (username: string) => Promise<boolean>,
): Promise<string | undefined> {
  for (const candidate of usernameCandidates(usernameBaseFromEmail(email))) {
    if (!(await isTaken(candidate))) return candidate;
  }
  return undefined;
}
