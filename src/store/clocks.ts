/**
 * Test clocks: a location's test-mode data lives `offset_seconds` ahead of the real time. Live data always
 * runs on the real time. Every "what is due" query reads the time through rowNow, so advancing a clock is
 * seen by the next scheduler tick of any process.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from './db.ts';

export async function clockOffsetSeconds(db: Db, locationId: string): Promise<number> {
  const row = await db
    .selectFrom('location_clocks')
    .select('offset_seconds')
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  return row?.offset_seconds ?? 0;
}

/** Moves the location's test clock forward by `seconds`; returns the new offset and the clock's time. */
export async function advanceClock(
  db: Db,
  locationId: string,
  seconds: number,
): Promise<{ offsetSeconds: number; now: Date }> {
  const row = await db
    .insertInto('location_clocks')
    .values({ location_id: locationId, offset_seconds: seconds })
    .onConflict((oc) =>
      oc.column('location_id').doUpdateSet({
        offset_seconds: sql`location_clocks.offset_seconds + excluded.offset_seconds`,
        updated_at: sql`now()`,
      }),
    )
    .returning(['offset_seconds', sql<Date>`now() + offset_seconds * interval '1 second'`.as('now')])
    .executeTakeFirstOrThrow();
  return { offsetSeconds: row.offset_seconds, now: row.now };
}

/** What time it is for data of this mode: the real time for live data, the location's test clock for test data. */
export async function locationNow(db: Db, locationId: string, liveMode: boolean): Promise<Date> {
  if (liveMode) {
    const row = await sql<{ now: Date }>`select now() as now`.execute(db);
    return row.rows[0]?.now ?? new Date();
  }
  const row = await sql<{
    now: Date;
  }>`select ${rowNowOf(sql.lit(false), sql.val(locationId))} as now`.execute(db);
  return row.rows[0]?.now ?? new Date();
}

function rowNowOf(liveMode: RawBuilder<unknown>, locationId: RawBuilder<unknown>): RawBuilder<Date> {
  return sql<Date>`(case when ${liveMode} then now() else now() + coalesce((select c.offset_seconds from location_clocks c where c.location_id = ${locationId}), 0) * interval '1 second' end)`;
}

/**
 * The same per row, for due-queries: `where next_run_at <= rowNow('invoice_schedules.live_mode',
 * 'invoice_schedules.location_id')`. Column names are the caller's constants, never input.
 */
export function rowNow(liveModeColumn: string, locationIdColumn: string): RawBuilder<Date> {
  return rowNowOf(sql.ref(liveModeColumn), sql.ref(locationIdColumn));
}
