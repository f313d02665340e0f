/**
 * When a webhook delivery is tried again (docs/webhooks.md, "Retries"): exponential backoff from a base
 * delay with jitter, capped per step, until the retry window (a day by default) from the first attempt
 * is used up. Pure: the caller passes the random number.
 */
export interface RetrySchedule {
  /** The first retry waits base × (0.75 to 1.25); each further one doubles. */
  baseSeconds: number;
  /** No single wait is longer than this. */
  maxDelaySeconds: number;
  /** No retry is scheduled later than this long after the first attempt. */
  windowSeconds: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseSeconds: 20,
  maxDelaySeconds: 6 * 3600,
  windowSeconds: 24 * 3600,
};

/**
 * The time of the next attempt after `attempts` failed ones (1 or more), or null when the window is
 * used up. `random` is in [0, 1).
 */
export function nextAttemptAt(
  schedule: RetrySchedule,
  attempts: number,
  firstAttemptAt: Date,
  now: Date,
  random: number,
): Date | null {
  const exponent = Math.min(attempts - 1, 40);
  const delay = Math.min(schedule.baseSeconds * 2 ** exponent, schedule.maxDelaySeconds);
  const jittered = delay * (0.75 + random * 0.5);
  const at = new Date(now.getTime() + jittered * 1000);
  if (at.getTime() - firstAttemptAt.getTime() > schedule.windowSeconds * 1000) return null;
  return at;
}

/** How an attempt ended, as the retry decision sees it. */
export type AttemptResult =
  | { kind: 'delivered'; status: number }
  | { kind: 'http'; status: number }
  | { kind: 'timeout' | 'network'; error: string }
  | { kind: 'refused'; error: string };

/** Timeouts, connection errors, 429 and 5xx are tried again; any other answer, and a refused target, are final. */
export function isRetryable(result: AttemptResult): boolean {
  if (result.kind === 'timeout' || result.kind === 'network') return true;
  if (result.kind === 'http') return result.status === 429 || result.status >= 500;
  return false;
}
