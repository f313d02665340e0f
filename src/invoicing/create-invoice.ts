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
import { computeTotals } from '../domain/totals.ts';
import { recordEvent } from '../store/events.ts';
import { takeInvoiceNumber } from '../store/invoice-numbers.ts';
import { insertInvoice, type StoredInvoice } from '../store/invoices.ts';
import type { Actor, StoreContext } from './context.ts';
import { assertDueAfterIssue, itemRows, totalsColumns } from './invoice-rows.ts';
import { keepView } from './read-invoices.ts';

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
}

/** A draft invoice with its number (the next one of the location unless chosen) and a 'created' record. */
export async function createInvoice(
  ctx: StoreContext,
  actor: Actor,
  input: NewInvoice,
): Promise<StoredInvoice> {
  const dueDate = input.dueDate ?? input.issueDate;
  assertDueAfterIssue(input.issueDate, dueDate);
  const totals = computeTotals(input.currency, input.items, input.discount);
  const id = objectId();
  return ctx.store.db.transaction().execute(async (trx) => {
    const chosen = input.invoiceNumber === undefined ? undefined : Number(input.invoiceNumber);
    const invoiceNumber = await takeInvoiceNumber(trx, input.altId, chosen);
    const created = await insertInvoice(
      trx,
      {
        id,
        location_id: input.altId,
        company_id: actor.companyId,
        status: 'draft',
        live_mode: input.liveMode,
        name: input.name,
        title: input.title ?? 'INVOICE',
        currency: input.currency,
        invoice_number: invoiceNumber,
        invoice_number_prefix: input.invoiceNumberPrefix ?? 'INV-',
        contact_id: input.contactDetails.id,
        contact_details: JSON.stringify(input.contactDetails),
        business_details: JSON.stringify(input.businessDetails),
        discount: JSON.stringify(input.discount),
        sent_to: JSON.stringify(input.sentTo),
        extra: JSON.stringify(echoedFields(input)),
        terms_notes: input.termsNotes ?? null,
        issue_date: input.issueDate,
        due_date: dueDate,
        public_token: secretToken(),
        ...totalsColumns(totals),
      },
      itemRows(id, input.items, totals),
    );
    await recordEvent(trx, {
      invoiceId: id,
      locationId: input.altId,
      type: 'created',
      actor: { tokenId: actor.tokenId },
      data: { invoiceNumber },
    });
    await keepView(trx, created);
    return created;
  });
}
