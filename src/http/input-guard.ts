/**
 * What a parsed request body may hold before anything validates, stores or echoes it. PostgreSQL text
 * and jsonb cannot hold a NUL character nor a lone UTF-16 surrogate, and the validator and the response
 * serialiser recurse once per nesting level (4,500 levels overflow the stack): each is refused here, for
 * every content type, with a message naming the field.
 */
import { AppError } from '../errors.ts';

/** Far deeper than any HighLevel object (the opaque fields it echoes are a few levels deep). */
export const MAX_BODY_DEPTH = 32;

// With the u flag a well-formed surrogate pair is one astral code point; only a lone half is category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

function problemWithText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text))
    return 'must be valid Unicode text (it holds a lone surrogate such as \\ud800)';
  return undefined;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  // Buffers (raw bodies such as Stripe's signed events) are bytes, not values to check.
  return proto === Object.prototype || proto === null;
}

const named = (path: string) => (path === '' ? 'request body' : path);

/** The refusal for a parsed body that cannot be kept, or undefined when it can. */
export function unstorableBody(body: unknown): AppError | undefined {
  if (typeof body === 'string') {
    const problem = problemWithText(body);
    return problem ? new AppError('unprocessable', `request body ${problem}`) : undefined;
  }
  const pending: Array<{ value: unknown; path: string; depth: number }> = [
    { value: body, path: '', depth: 0 },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      const problem = problemWithText(value);
      if (problem) return new AppError('unprocessable', `${named(path)} ${problem}`);
      continue;
    }
    if (!isContainer(value)) continue;
    if (depth >= MAX_BODY_DEPTH) {
      return new AppError(
        'unprocessable',
        `request body is nested deeper than ${MAX_BODY_DEPTH} levels (at ${named(path)})`,
      );
    }
    const prefix = path === '' ? '' : `${path}.`;
    for (const [key, child] of Object.entries(value)) {
      const problem = problemWithText(key);
      if (problem) return new AppError('unprocessable', `a property name in ${named(path)} ${problem}`);
      pending.push({ value: child, path: `${prefix}${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}
