import { objectId } from '../domain/ids.ts';
import {
  type BusinessDetails,
  type ContactDetails,
  type Discount,
  type EchoedFields,
  echoedFields,
  type InvoiceItemInput,
} from '../domain/invoice.ts';
import { assertEditable } from '../domain/invoice-status.ts';
import { amountPaid, hasProcessing, settleEntries, statusFromLedger } from '../domain/ledger.ts';
import {
  computeSchedule,
  type PaymentSchedule,
  type PaymentScheduleInput,
} from '../domain/payment-schedule.ts';
import { computeTotals } from '../domain/totals.ts';
import { Errors } from '../errors.ts';
import type { Tx } from '../store/db.ts';
import { takeInvoiceNumber } from '../store/invoice-numbers.ts';
import { updateInvoice as saveInvoice } from '../store/invoice-writes.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { asJsonb } from '../store/jsonb.ts';
import { ledgerOf } from '../store/payments.ts';
import type { Actor, StoreContext } from './context.ts';
import { assertDueAfterIssue, itemRows, totalsColumns } from './invoice-rows.ts';
import { viewOf } from './invoice-view.ts';
import { lockInvoice } from './read-invoices.ts';
import { invoiceWebhook } from './webhook-payload.ts';

/** UpdateInvoiceDto, as the route has validated it: what it leaves out stays as it was. */
export interface InvoiceUpdate extends EchoedFields {
  altId: string;
  name: string;
  title?: string;
  currency: string;
  businessDetails?: BusinessDetails;
  invoiceNumber?: string;
  contactId?: string;
  contactDetails?: ContactDetails;
  termsNotes?: string;
  discount?: Discount;
  invoiceItems: InvoiceItemInput[];
  liveMode?: boolean;
  issueDate: string;
  dueDate: string;
  invoiceNumberPrefix?: string;
  paymentSchedule?: PaymentScheduleInput;
}

/** The schedule given, or the one kept (same entries and ids) recomputed for the new total. */
function scheduleFor(
  input: InvoiceUpdate,
  kept: PaymentSchedule | null,
  total: number,
): PaymentSchedule | null {
  if (input.paymentSchedule)
    return computeSchedule(input.paymentSchedule, total, input.currency, () => objectId());
  if (!kept) return null;
  const entries = kept.schedules.map(({ name, value, dueDate }) => ({ name, value, dueDate }));
  return computeSchedule(
    { type: kept.type, schedules: entries },
    total,
    input.currency,
    (i) => kept.schedules[i]!._id,
  );
}

export async function updateInvoice(
  ctx: StoreContext,
  actor: Actor,
  invoiceId: string,
  input: InvoiceUpdate,
): Promise<StoredInvoice> {
  return ctx.store.db.transaction().execute((trx) => updateInvoiceIn(trx, actor, invoiceId, input));
}

/** updateInvoice inside the caller's transaction (text2pay: updated and sent at once). */
export async function updateInvoiceIn(
  trx: Tx,
  actor: Actor,
  invoiceId: string,
  input: InvoiceUpdate,
): Promise<StoredInvoice> {
  assertDueAfterIssue(input.issueDate, input.dueDate);
  const { invoice } = await lockInvoice(trx, input.altId, invoiceId);
  assertEditable(invoice.status);
  const discount = input.discount ?? invoice.discount;
  const totals = computeTotals(input.currency, input.invoiceItems, discount, 'invoiceItems');
  const total = totals.total + invoice.late_fee_total;
  if (total < invoice.amount_paid) {
    throw Errors.badRequest('The new total is less than the amount already paid on this invoice');
  }
  if (input.currency !== invoice.currency && invoice.amount_paid > 0) {
    throw Errors.badRequest('The currency of an invoice with payments cannot change');
  }
  if (input.currency !== invoice.currency && invoice.late_fee_total > 0) {
    throw Errors.badRequest('The currency of an invoice with late fees charged cannot change');
  }
  let invoiceNumber = invoice.invoice_number;
  if (input.invoiceNumber !== undefined && Number(input.invoiceNumber) !== invoice.invoice_number) {
    invoiceNumber = await takeInvoiceNumber(trx, input.altId, Number(input.invoiceNumber));
  }
  const contact = input.contactDetails ?? invoice.contact_details;
  const ledger = await ledgerOf(trx, invoiceId);
  const schedule = settleEntries(scheduleFor(input, invoice.payment_schedule, totals.total), ledger);
  const updated: StoredInvoice = {
    invoice: {
      ...invoice,
      name: input.name,
      title: input.title ?? invoice.title,
      currency: input.currency,
      invoice_number: invoiceNumber,
      invoice_number_prefix: input.invoiceNumberPrefix ?? invoice.invoice_number_prefix,
      contact_id: input.contactId ?? contact.id ?? invoice.contact_id,
      contact_details: asJsonb(contact),
      business_details: asJsonb(input.businessDetails ?? invoice.business_details),
      discount: asJsonb(discount),
      extra: asJsonb(echoedFields(input, invoice.extra)),
      terms_notes: input.termsNotes ?? invoice.terms_notes,
      live_mode: input.liveMode ?? invoice.live_mode,
      issue_date: input.issueDate,
      due_date: input.dueDate,
      updated_at: new Date(),
      payment_schedule: schedule && asJsonb(schedule),
      status: statusFromLedger(invoice.status, total, amountPaid(ledger), hasProcessing(ledger)),
      ...totalsColumns(totals, invoice.late_fee_total),
    },
    items: itemRows(invoiceId, input.invoiceItems, totals),
  };
  await saveInvoice(trx, {
    stored: updated,
    view: viewOf(updated),
    event: { invoiceId, locationId: input.altId, type: 'updated', actor: { tokenId: actor.tokenId } },
    webhooks: [invoiceWebhook('InvoiceUpdate', updated)],
  });
  return updated;
}
