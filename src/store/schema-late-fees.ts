/** Late fees (migration 019): an invoice's fee lines, and its columns that sum them up. */
import type { ColumnType, Generated } from 'kysely';

type BigInt8 = ColumnType<number, number | bigint | string, number | bigint | string>;

/** The invoices table's late-fee columns (InvoicesTable extends this). */
export interface InvoiceLateFeeColumns {
  /** The sum of the invoice's late fee lines, minor units; `total` includes it. */
  late_fee_total: BigInt8;
  /** Periods done: the index of the next one (domain/late-fees.ts). */
  late_fee_periods: number;
  /**
   * When the next period falls due, derived from the row by every write (store/invoice-writes.ts);
   * not part of InvoiceRow.
   */
  late_fees_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface InvoiceLateFeesTable {
  invoice_id: string;
  period: number;
  location_id: string;
  currency: string;
  amount: BigInt8;
  due_at: Date;
  created_at: Generated<Date>;
}

export interface LateFeeTables {
  invoice_late_fees: InvoiceLateFeesTable;
}
