/**
 * The test clock (issue #12 item 9, our addition): moves a location's test-mode time forward so its
 * schedules, reminders and late fees run now instead of in days. Live data always runs on the real time.
 */
import { Errors } from '../errors.ts';
import { advanceClock, clockOffsetSeconds, locationNow } from '../store/clocks.ts';
import type { Db } from '../store/db.ts';
import { getLocation } from '../store/tenants.ts';
import type { StoreContext } from './context.ts';

/** One advance moves at most ten years; the clock never goes back (what ran stays run). */
export const MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 3600;
/** A clock runs at most a hundred years ahead, well inside PostgreSQL's timestamps. */
const MAX_OFFSET_SECONDS = 100 * 366 * 24 * 3600;

export interface TestClock {
  altId: string;
  altType: 'location';
  liveMode: false;
  /** The location's test-mode time. */
  now: string;
  offsetSeconds: number;
}

// The API has checked the token's access already; the CLI names a location by hand.
async function assertLocation(db: Db, locationId: string): Promise<void> {
  if (!(await getLocation(db, locationId))) throw Errors.notFound(`Location ${locationId} not found`);
}

export async function getTestClock(ctx: StoreContext, locationId: string): Promise<TestClock> {
  await assertLocation(ctx.store.db, locationId);
  const [now, offsetSeconds] = await Promise.all([
    locationNow(ctx.store.db, locationId, false),
    clockOffsetSeconds(ctx.store.db, locationId),
  ]);
  return { altId: locationId, altType: 'location', liveMode: false, now: now.toISOString(), offsetSeconds };
}

export async function advanceTestClock(
  ctx: StoreContext,
  locationId: string,
  input: { seconds: number; liveMode?: boolean },
): Promise<TestClock> {
  if (input.liveMode === true)
    throw Errors.badRequest(
      'The test clock moves test-mode data only; live data always runs on the real time.',
    );
  const { seconds } = input;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_ADVANCE_SECONDS)
    throw Errors.badRequest(`seconds must be a whole number from 1 to ${MAX_ADVANCE_SECONDS} (ten years)`);
  return ctx.store.db.transaction().execute(async (trx) => {
    await assertLocation(trx, locationId);
    const moved = await advanceClock(trx, locationId, seconds);
    if (moved.offsetSeconds > MAX_OFFSET_SECONDS)
      throw Errors.badRequest('The test clock can run at most a hundred years ahead of the real time.');
    return {
      altId: locationId,
      altType: 'location' as const,
      liveMode: false as const,
      now: moved.now.toISOString(),
      offsetSeconds: moved.offsetSeconds,
    };
  });
}

/** `7d`, `12h`, `30m`, `90s`, `2w` or plain seconds → seconds (the CLI's --by). */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,10})([smhdw]?)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[
    m[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'
  ];
  return Number(m[1]) * unit;
}
