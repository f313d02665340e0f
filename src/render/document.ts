/** The one model every renderer (hosted page, PDF, email, SMS) draws an invoice from. */
import type { InvoiceDocument } from '../delivery/types.ts';
import type { StoredInvoice } from '../store/invoices.ts';

/** The customer's page for an invoice: the token, never the invoice id, is in the URL. */
export function publicInvoiceUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/i/${token}`;
}

function text(value: string | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What the PDF, the email, the SMS and the hosted page show. */
export function toInvoiceDocument(
  { invoice, items }: StoredInvoice,
  context: { locationName: string; locationEmail: string | null; publicUrl: string },
): InvoiceDocument {
  const business = invoice.business_details;
  const contact = invoice.contact_details;
  return {
    id: invoice.id,
    displayNumber:
      invoice.invoice_number === null
        ? null
        : `${invoice.invoice_number_prefix ?? ''}${invoice.invoice_number}`,
    name: invoice.name,
    title: invoice.title,
    status: invoice.status,
    liveMode: invoice.live_mode,
    currency: invoice.currency,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    business: {
      name: text(business.name) ?? context.locationName,
      logoUrl: text(business.logoUrl),
      phoneNo: text(business.phoneNo),
      email: context.locationEmail ?? undefined,
      website: text(business.website),
      address: business.address,
    },
    contact: {
      name: text(contact.name) ?? '',
      email: text(contact.email),
      phoneNo: text(contact.phoneNo),
      companyName: text(contact.companyName),
      address: contact.address,
    },
    items: items.map((item) => ({
      name: item.name,
      description: item.description ?? undefined,
      qty: item.qty,
      unitAmount: item.amount,
      lineTotal: item.line_total,
      taxes: item.taxes.map((t) => ({ name: t.name, rate: t.rate })),
    })),
    discount: { type: invoice.discount.type, value: invoice.discount.value ?? 0 },
    subTotal: invoice.sub_total,
    discountTotal: invoice.discount_total,
    taxes: invoice.tax_lines,
    taxTotal: invoice.tax_total,
    total: invoice.total,
    amountPaid: invoice.amount_paid,
    amountDue: invoice.total - invoice.amount_paid,
    termsNotes: invoice.terms_notes ?? undefined,
    publicUrl: context.publicUrl,
  };
}
