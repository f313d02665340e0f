/** The recurring invoice schedule tables (migration 018). */
import type { ColumnType, Generated } from 'kysely';
import type { AutoPayment } from '../domain/invoice.ts';
import type { ScheduleFields, ScheduleStatus } from '../domain/schedule.ts';

type BigInt8 = ColumnType<number, number | bigint | string, number | bigint | string>;
type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface InvoiceSchedulesTable {
  id: string;
  location_id: string;
  company_id: string;
  status: ScheduleStatus;
  live_mode: boolean;
  name: string;
  currency: string;
  total: BigInt8;
  contact_id: string;
  fields: Json<ScheduleFields>;
  timezone: string;
  auto_payment: ColumnType<AutoPayment | null, string | null, string | null>;
  next_run_at: Timestamp | null;
  runs_done: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface InvoiceScheduleRunsTable {
  schedule_id: string;
  occurrence_at: Timestamp;
  invoice_id: string | null;
  created_at: Generated<Date>;
}

export interface ScheduleTables {
  invoice_schedules: InvoiceSchedulesTable;
  invoice_schedule_runs: InvoiceScheduleRunsTable;
}
