/** PostgreSQL error codes, read in this one place and turned into the service's own errors. */
import { AppError } from '../errors.ts';

const UNIQUE_VIOLATION = '23505';

/**
 * Values PostgreSQL cannot keep: the HTTP edge refuses them first (http/input-guard.ts); these catch any
 * path that reaches the store another way, so such a value is still the client's 4xx, never a 500.
 */
const UNSTORABLE: Record<string, string> = {
  // character_not_in_repertoire: a NUL byte in text.
  '22021': 'text must not contain the NUL character (\\u0000)',
  // untranslatable_character: \u0000 in jsonb.
  '22P05': 'text must not contain the NUL character (\\u0000)',
  // statement_too_complex: stack depth limit exceeded on a deeply nested value.
  '54001': 'the request nests values too deeply to be stored',
};
// invalid_text_representation is also a bad cast (our bug); only jsonb's refusal of a lone surrogate is the client's.
const INVALID_TEXT_REPRESENTATION = '22P02';

/** The client's refusal for a PostgreSQL error caused by an unstorable value, or undefined. */
export function unstorableValueError(err: unknown): AppError | undefined {
  const e = err as { code?: unknown; message?: unknown; detail?: unknown } | null;
  if (typeof e?.code !== 'string') return undefined;
  const message = UNSTORABLE[e.code];
  if (message) return new AppError('unprocessable', message);
  if (
    e.code === INVALID_TEXT_REPRESENTATION &&
    /json/i.test(String(e.message)) &&
    /surrogate/i.test(String(e.detail))
  )
    return new AppError(
      'unprocessable',
      'text must be valid Unicode (it holds a lone surrogate such as \\ud800)',
    );
  return undefined;
}

/** The constraint a unique violation names, or undefined for any other error. */
function violatedUniqueConstraint(err: unknown): string | undefined {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === UNIQUE_VIOLATION && typeof e.constraint === 'string' ? e.constraint : undefined;
}

/** Runs `work`; a unique violation of a constraint in `errors` becomes that error, anything else is rethrown. */
export async function translateUniqueViolations<T>(
  work: () => Promise<T>,
  errors: Record<string, () => AppError>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const constraint = violatedUniqueConstraint(err);
    const translated = constraint === undefined ? undefined : errors[constraint];
    if (translated) throw translated();
    throw err;
  }
}
