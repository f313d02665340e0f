/** Stored invoice -> what the API returns (major units, HighLevel field names) and what renderers need. */
import type { InvoiceDocument, PostalAddress } from '../delivery/types.ts';
import { toMajor } from '../domain/money.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { InvoiceResponse } from './invoice-schemas.ts';

type Loose = Record<string, unknown>;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function toInvoiceResponse({ invoice, items }: StoredInvoice): InvoiceResponse {
  const c = invoice.currency;
  const major = (minor: number) => toMajor(minor, c);
  return {
    ...(invoice.extra as Loose),
    _id: invoice.id,
    status: invoice.status,
    liveMode: invoice.live_mode,
    amountPaid: major(invoice.amount_paid),
    altId: invoice.location_id,
    altType: 'location',
    companyId: invoice.company_id,
    name: invoice.name,
    title: invoice.title,
    businessDetails: invoice.business_details,
    invoiceNumber: invoice.invoice_number ?? 0,
    invoiceNumberPrefix: invoice.invoice_number_prefix ?? '',
    currency: c,
    contactDetails: invoice.contact_details,
    sentTo: invoice.sent_to,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    discount: invoice.discount,
    invoiceItems: items.map((item) => ({
      ...(item.extra as Loose),
      _id: item.id,
      name: item.name,
      description: item.description ?? undefined,
      productId: item.product_id ?? undefined,
      priceId: item.price_id ?? undefined,
      currency: item.currency,
      amount: major(item.amount),
      qty: Number(item.qty),
      taxes: item.taxes as Loose[],
      type: item.type ?? undefined,
      taxInclusive: item.tax_inclusive,
    })),
    termsNotes: invoice.terms_notes ?? undefined,
    total: major(invoice.total),
    amountDue: major(invoice.total - invoice.amount_paid),
    totalSummary: {
      subTotal: major(invoice.sub_total),
      discount: major(invoice.discount_total),
      tax: major(invoice.tax_total),
    },
    sentAt: iso(invoice.sent_at),
    voidedAt: iso(invoice.voided_at),
    createdAt: invoice.created_at.toISOString(),
    updatedAt: invoice.updated_at.toISOString(),
  } as InvoiceResponse;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What the PDF, the email, the SMS and the hosted page show. */
export function toInvoiceDocument(
  { invoice, items }: StoredInvoice,
  context: { locationName: string; locationEmail: string | null; publicUrl: string },
): InvoiceDocument {
  const business = invoice.business_details as Loose;
  const contact = invoice.contact_details as Loose;
  const discount = invoice.discount as { type: 'percentage' | 'fixed'; value?: number };
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
      address: business.address as PostalAddress | undefined,
    },
    contact: {
      name: text(contact.name) ?? '',
      email: text(contact.email),
      phoneNo: text(contact.phoneNo),
      companyName: text(contact.companyName),
      address: contact.address as PostalAddress | undefined,
    },
    items: items.map((item) => ({
      name: item.name,
      description: item.description ?? undefined,
      qty: item.qty,
      unitAmount: item.amount,
      lineTotal: item.line_total,
      taxes: (item.taxes as Array<{ name: string; rate: number }>).map((t) => ({
        name: t.name,
        rate: t.rate,
      })),
    })),
    discount: { type: discount.type, value: discount.value ?? 0 },
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
