/**
 * The one invoice model every renderer (hosted page, email, SMS, PDF) reads, and how a stored invoice
 * becomes one. Amounts are integer minor units of `currency` (see domain/money.ts).
 */
import type { PostalAddress, TaxLine } from '../domain/invoice.ts';
import type { InvoiceStatus } from '../domain/invoice-status.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { PaymentRow } from '../store/schema.ts';
import { paymentMethodLabel } from './display.ts';

export type { PostalAddress };

/** Everything a renderer (PDF, email, SMS, hosted page) needs to show one invoice. */
export interface InvoiceDocument {
  id: string;
  /** Prefix and number as shown to people, e.g. "INV-1001"; null for a draft without a number. */
  displayNumber: string | null;
  name: string;
  title: string;
  status: InvoiceStatus;
  liveMode: boolean;
  currency: string;
  issueDate: string;
  dueDate: string;
  business: {
    name: string;
    logoUrl?: string;
    phoneNo?: string;
    email?: string;
    website?: string;
    address?: PostalAddress;
  };
  contact: {
    name: string;
    email?: string;
    phoneNo?: string;
    companyName?: string;
    address?: PostalAddress;
  };
  items: Array<{
    name: string;
    description?: string;
    /** Exact decimal quantity, e.g. "1" or "2.5". */
    qty: string;
    unitAmount: number;
    lineTotal: number;
    taxes: Array<{ name: string; rate: number }>;
  }>;
  discount: { type: 'percentage' | 'fixed'; value: number };
  subTotal: number;
  discountTotal: number;
  /** Tax per tax name, summed over the items. */
  taxes: TaxLine[];
  taxTotal: number;
  /** The late fees charged (docs/decisions.md "Late fees"), part of `total`; 0 when none. */
  lateFees: number;
  total: number;
  /** From the invoice row, which follows the ledger. */
  amountPaid: number;
  /** What the customer still owes: nothing on a void invoice. */
  amountDue: number;
  /** Money received (succeeded or refunded ledger entries), oldest first: the receipt. */
  payments: DocumentPayment[];
  /** The payment schedule's entries; empty when the invoice has none. */
  schedule: Array<{ name: string; dueDate: string; amount: number; paid: boolean }>;
  /** The business's terms; user-supplied HTML: render as text or sanitise, never inject raw. */
  termsNotes?: string;
  /** The customer's hosted page, e.g. https://host/i/<token>. */
  publicUrl: string;
}

/** One payment as the customer sees it. */
export interface DocumentPayment {
  /** The date it was made, YYYY-MM-DD (UTC). */
  paidOn: string;
  /** e.g. "Visa ending 4242", "Cash", "Cheque 1234". */
  method: string;
  /** The invoice's part. */
  amount: number;
  /** Given on top of the invoice's amount; not part of amountPaid. */
  tip: number;
  refunded: number;
}

/** The customer's page for an invoice: the token, never the invoice id, is in the URL. */
export function publicInvoiceUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/i/${token}`;
}

function text(value: string | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function toDocumentPayment(payment: PaymentRow): DocumentPayment {
  return {
    paidOn: payment.fulfilled_at.toISOString().slice(0, 10),
    method: paymentMethodLabel(payment),
    amount: payment.amount,
    tip: payment.tip_amount,
    refunded: payment.refunded_amount,
  };
}

/** What the PDF, the email, the SMS and the hosted page show; `payments` is the invoice's ledger. */
export function toInvoiceDocument(
  { invoice, items }: StoredInvoice,
  context: {
    locationName: string;
    locationEmail: string | null;
    /** The location's logo (its settings), when the invoice names none. */
    locationLogoUrl?: string | null;
    publicUrl: string;
    payments: PaymentRow[];
  },
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
      logoUrl: text(business.logoUrl) ?? context.locationLogoUrl ?? undefined,
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
    lateFees: invoice.late_fee_total,
    total: invoice.total,
    amountPaid: invoice.amount_paid,
    amountDue: invoice.status === 'void' ? 0 : Math.max(0, invoice.total - invoice.amount_paid),
    payments: context.payments
      .filter((p) => p.status === 'succeeded' || p.status === 'refunded')
      .map(toDocumentPayment),
    schedule: (invoice.payment_schedule?.schedules ?? []).map((e) => ({
      name: e.name,
      dueDate: e.dueDate,
      amount: e.amount,
      paid: e.status === 'paid',
    })),
    termsNotes: invoice.terms_notes ?? undefined,
    publicUrl: context.publicUrl,
  };
}
