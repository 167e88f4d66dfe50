// Typed readers for environment variables: each failure names the variable in one line.

export class ConfigError extends Error {
  constructor(variable: string, why: string) {
    super(`Invalid configuration: ${variable} ${why}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readString(env: Env, name: string, fallback?: string): string | undefined {
  return raw(env, name) ?? fallback;
}

export function readNumber(
  env: Env,
  name: string,
  fallback: number,
  rule: { integer?: boolean; min?: number; max?: number; positive?: boolean } = {},
): number {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ConfigError(name, `must be a number, got "${text}"`);
  if (rule.integer && !Number.isInteger(value))
    throw new ConfigError(name, `must be an integer, got "${text}"`);
  if (rule.positive && value <= 0) throw new ConfigError(name, `must be positive, got "${text}"`);
  if (rule.min !== undefined && value < rule.min)
    throw new ConfigError(name, `must be ≥ ${rule.min}, got "${text}"`);
  if (rule.max !== undefined && value > rule.max)
    throw new ConfigError(name, `must be ≤ ${rule.max}, got "${text}"`);
  return value;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const text = raw(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(name, `must be true or false, got "${text}"`);
}

export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const text = raw(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${text}"`);
  }
  return text as T;
}

export function readUrl(env: Env, name: string, schemes: readonly string[]): string | undefined {
  const text = raw(env, name);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    throw new ConfigError(name, `has unknown URL scheme "${scheme}" (expected ${schemes.join(', ')})`);
  }
  return text;
}

export function readList(env: Env, name: string): string[] | undefined {
  const text = raw(env, name);
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
