import { objectId, secretToken } from '../domain/ids.ts';
import {
  type BusinessDetails,
  type ContactDetails,
  type Discount,
  type EchoedFields,
  echoedFields,
  type InvoiceItemInput,
  type SentTo,
} from '../domain/invoice.ts';
import { computeSchedule, type PaymentScheduleInput } from '../domain/payment-schedule.ts';
import { computeTotals } from '../domain/totals.ts';
import type { Tx } from '../store/db.ts';
import { takeInvoiceNumber } from '../store/invoice-numbers.ts';
import { insertInvoice } from '../store/invoice-writes.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { asJsonb } from '../store/jsonb.ts';
import { locationInvoicePrefix } from '../store/location-settings.ts';
import type { Actor, StoreContext } from './context.ts';
import { assertDueAfterIssue, itemRows, totalsColumns } from './invoice-rows.ts';
import { viewOf } from './invoice-view.ts';
import { invoiceWebhook } from './webhook-payload.ts';

/** CreateInvoiceDto, as the route has validated it. */
export interface NewInvoice extends EchoedFields {
  altId: string;
  name: string;
  businessDetails: BusinessDetails;
  currency: string;
  items: InvoiceItemInput[];
  discount: Discount;
  termsNotes?: string;
  title?: string;
  contactDetails: ContactDetails;
  /** Digits; a number already used in the location is a 400. */
  invoiceNumber?: string;
  issueDate: string;
  dueDate?: string;
  sentTo: SentTo;
  liveMode: boolean;
  invoiceNumberPrefix?: string;
  paymentSchedule?: PaymentScheduleInput;
}

/** A draft invoice with its number (the next one of the location unless chosen) and a 'created' record. */
export async function createInvoice(
  ctx: StoreContext,
  actor: Actor,
  input: NewInvoice,
): Promise<StoredInvoice> {
  return ctx.store.db.transaction().execute((trx) => createInvoiceIn(trx, actor, input));
}

/** createInvoice inside the caller's transaction (text2pay, an estimate's conversion: one commit). */
export async function createInvoiceIn(trx: Tx, actor: Actor, input: NewInvoice): Promise<StoredInvoice> {
  const dueDate = input.dueDate ?? input.issueDate;
  assertDueAfterIssue(input.issueDate, dueDate);
  const totals = computeTotals(input.currency, input.items, input.discount);
  const id = objectId();
  const chosen = input.invoiceNumber === undefined ? undefined : Number(input.invoiceNumber);
  const invoiceNumber = await takeInvoiceNumber(trx, input.altId, chosen);
  // Without one in the request, the location's prefix (its settings, migration 022).
  const prefix = input.invoiceNumberPrefix ?? (await locationInvoicePrefix(trx, input.altId));
  const now = new Date();
  const created: StoredInvoice = {
    invoice: {
      id,
      location_id: input.altId,
      company_id: actor.companyId,
      status: 'draft',
      live_mode: input.liveMode,
      name: input.name,
      title: input.title ?? 'INVOICE',
      currency: input.currency,
      invoice_number: invoiceNumber,
      invoice_number_prefix: prefix,
      contact_id: input.contactDetails.id,
      contact_details: asJsonb(input.contactDetails),
      business_details: asJsonb(input.businessDetails),
      discount: asJsonb(input.discount),
      sent_to: asJsonb(input.sentTo),
      extra: asJsonb(echoedFields(input)),
      terms_notes: input.termsNotes ?? null,
      issue_date: input.issueDate,
      due_date: dueDate,
      amount_paid: 0,
      late_fee_total: 0,
      late_fee_periods: 0,
      public_token: secretToken(),
      payment_schedule: input.paymentSchedule
        ? asJsonb(computeSchedule(input.paymentSchedule, totals.total, input.currency, () => objectId()))
        : null,
      auto_payment: null,
      sent_at: null,
      voided_at: null,
      created_at: now,
      updated_at: now,
      ...totalsColumns(totals),
    },
    items: itemRows(id, input.items, totals),
  };
  await insertInvoice(trx, {
    stored: created,
    view: viewOf(created),
    event: {
      invoiceId: id,
      locationId: input.altId,
      type: 'created',
      actor: { tokenId: actor.tokenId },
      data: { invoiceNumber },
    },
    webhooks: [invoiceWebhook('InvoiceCreate', created)],
  });
  return created;
}
