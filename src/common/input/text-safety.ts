// What every transport decides once, at the edge, about text it did not write: a NUL cannot be stored
// in a Postgres text column (the driver fails the whole statement), and a lone UTF-16 surrogate has no
// UTF-8 form (the driver would silently turn it into U+FFFD). Both are refused as a validation problem
// naming the field; JSON nested deeper than any request of ours needs is refused as malformed, before
// a recursive validator can overflow the stack on it.

/** No request body or frame of the API nests deeper than a few levels; this leaves ample headroom. */
export const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const NUL_PROBLEM = 'must not contain NUL characters';
export const SURROGATE_PROBLEM = 'must be valid Unicode text (lone surrogate)';

/** Why a string cannot be accepted, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_PROBLEM;
  if (LONE_SURROGATE.test(text)) return SURROGATE_PROBLEM;
  return undefined;
}

export type UnsafeInput =
  { kind: 'too_deep'; depth: number } | { kind: 'bad_text'; field: string; problem: string };

/**
 * The first problem in a parsed JSON value (strings and object keys), or undefined. Iterative, so a
 * value nested 100 000 levels deep costs a loop, not the stack. `field` is a dotted path from `root`
 * (`name`, `rooms.<id>`, `items.3`); an empty root names top-level fields by themselves.
 */
export function findUnsafeInput(
  value: unknown,
  root = '',
  maxDepth = MAX_JSON_DEPTH,
): UnsafeInput | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) return { kind: 'bad_text', field: item.path || 'body', problem };
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= maxDepth) return { kind: 'too_deep', depth: maxDepth };
    const entries: [string, unknown][] = Array.isArray(item.value)
      ? (item.value as unknown[]).map((child, index): [string, unknown] => [String(index), child])
      : Object.entries(item.value as Record<string, unknown>);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index];
      const path = item.path === '' ? key : `${item.path}.${key}`;
      const keyProblem = textProblem(key);
      if (keyProblem) return { kind: 'bad_text', field: path, problem: keyProblem };
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return undefined;
}
