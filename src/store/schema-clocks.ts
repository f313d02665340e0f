/** The test clocks (migration 016). */
import type { ColumnType, Generated } from 'kysely';

type BigInt8 = ColumnType<number, number | bigint | string, number | bigint | string>;

export interface LocationClocksTable {
  location_id: string;
  offset_seconds: BigInt8;
  updated_at: Generated<Date>;
}

export interface ClockTables {
  location_clocks: LocationClocksTable;
}
