/**
 * An invoice's amounts and status follow from its payment ledger (docs/payments.md): what succeeded,
 * less what was refunded, is paid; a provider payment still settling makes it payment_processing.
 */
import { Errors } from '../errors.ts';
import type { InvoiceStatus } from './invoice-status.ts';
import type { PaymentSchedule } from './payment-schedule.ts';

export type PaymentMode = 'cash' | 'card' | 'cheque' | 'bank_transfer' | 'other' | 'online';
export type PaymentStatus = 'succeeded' | 'processing' | 'failed' | 'refunded';

export interface LedgerEntry {
  amount: number;
  refunded: number;
  status: PaymentStatus;
  /** Schedule entries this payment settles by name (record-payment's paymentScheduleIds). */
  entryIds: string[];
}

/** Minor units paid: succeeded payments, and refunded ones' remainder. */
export function amountPaid(ledger: LedgerEntry[]): number {
  return ledger.reduce(
    (sum, p) => (p.status === 'succeeded' || p.status === 'refunded' ? sum + p.amount - p.refunded : sum),
    0,
  );
}

export function hasProcessing(ledger: LedgerEntry[]): boolean {
  return ledger.some((p) => p.status === 'processing');
}

/** The status an invoice has with this much paid; drafts and void invoices keep theirs. */
export function statusFromLedger(
  current: InvoiceStatus,
  total: number,
  paid: number,
  processing: boolean,
): InvoiceStatus {
  if (current === 'draft' || current === 'void') return current;
  if (processing) return 'payment_processing';
  if (paid > 0 && paid >= total) return 'paid';
  if (paid > 0) return 'partially_paid';
  return 'sent';
}

/**
 * Which schedule entries are paid: those a payment settled by id (while it is not refunded), then the
 * rest of what was paid covers the remaining entries in due-date order, each only when fully covered.
 */
export function settleEntries(
  schedule: PaymentSchedule | null,
  ledger: LedgerEntry[],
): PaymentSchedule | null {
  if (!schedule) return null;
  const ids = new Set(schedule.schedules.map((e) => e._id));
  const named = new Set<string>();
  let pool = 0;
  for (const p of ledger) {
    if (p.status !== 'succeeded' && p.status !== 'refunded') continue;
    const claims = p.refunded === 0 ? p.entryIds.filter((id) => ids.has(id)) : [];
    const claimed = schedule.schedules
      .filter((e) => claims.includes(e._id))
      .reduce((s, e) => s + e.amount, 0);
    for (const id of claims) named.add(id);
    pool += Math.max(0, p.amount - p.refunded - claimed);
  }
  const byDue = [...schedule.schedules].sort((a, b) =>
    a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0,
  );
  const paid = new Set(named);
  for (const entry of byDue) {
    if (paid.has(entry._id)) continue;
    if (pool < entry.amount) break;
    pool -= entry.amount;
    paid.add(entry._id);
  }
  return {
    ...schedule,
    schedules: schedule.schedules.map((e) => ({ ...e, status: paid.has(e._id) ? 'paid' : 'pending' })),
  };
}

/** A payment can be recorded while something is due on a sent invoice (record-payment's refusals). */
export function assertPaymentAccepted(status: InvoiceStatus): void {
  if (status === 'draft') throw Errors.badRequest('Invoice is a draft; send it before recording a payment');
  if (status === 'void') throw Errors.badRequest('Invoice is void; a void invoice cannot be paid');
  if (status === 'paid') throw Errors.badRequest('Invoice is already paid; nothing is due');
}
