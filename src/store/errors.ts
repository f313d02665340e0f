/** PostgreSQL error codes, read in this one place and turned into the service's own errors. */
import type { AppError } from '../errors.ts';

const UNIQUE_VIOLATION = '23505';

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
