/** The estimate tables (migration 015). */
import type { ColumnType, Generated } from 'kysely';
import type { EstimateFields, EstimateHistoryEntry, EstimateStatus } from '../domain/estimate.ts';

type BigInt8 = ColumnType<number, number | bigint | string, number | bigint | string>;
type Json<T> = ColumnType<T, string, string>;

export interface EstimatesTable {
  id: string;
  location_id: string;
  company_id: string;
  estimate_number: number;
  status: EstimateStatus;
  live_mode: boolean;
  name: string;
  currency: string;
  total: BigInt8;
  contact_id: string;
  fields: Json<EstimateFields>;
  history: Json<EstimateHistoryEntry[]>;
  public_token: string;
  invoice_id: string | null;
  last_visited_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EstimateNumberCountersTable {
  location_id: string;
  last_number: number;
}

export interface EstimateTables {
  estimates: EstimatesTable;
  estimate_number_counters: EstimateNumberCountersTable;
}
