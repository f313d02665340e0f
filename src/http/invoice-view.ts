/** Stored invoice -> what the API returns (major units, HighLevel field names). */
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
