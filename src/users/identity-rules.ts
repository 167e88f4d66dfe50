// Identity rules of API.md §1, shared by every DTO that accepts them.

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;
export const USERNAME_RULE = 'username must be 3-32 characters of a-z 0-9 _ . -';

export const NAME_MAX_LENGTH = 64;
export const PASSWORD_MAX_LENGTH = 1024;

/** Any printable Unicode, 1–64 code points after trimming, no control characters. */
export function isValidDisplayName(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const trimmed = value.trim();
  const length = [...trimmed].length;
  return length >= 1 && length <= NAME_MAX_LENGTH && !/\p{Cc}/u.test(trimmed);
}

export function normalizeUsername(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

export function normalizeEmail(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

export function trimName(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}
