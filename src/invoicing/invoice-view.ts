/** A stored invoice as the API returns it: major units, HighLevel's field names (GetInvoiceResponseDto). */
import fastJson from 'fast-json-stringify';
import type {
  BusinessDetails,
  ContactDetails,
  Discount,
  EchoedFields,
  ItemExtra,
  ItemTax,
  OpaqueObject,
  SentTo,
} from '../domain/invoice.ts';
import type { InvoiceStatus } from '../domain/invoice-status.ts';
import { toMajor } from '../domain/money.ts';
import type { PaymentSchedule } from '../domain/payment-schedule.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { InvoiceResponse } from './response-schemas.ts';

/**
 * The version of the view's format. Stored views (store/invoice-views.ts) of another version are rebuilt
 * when read: bump it whenever toInvoiceView or InvoiceResponse changes what an invoice looks like.
 */
export const INVOICE_VIEW_VERSION = 1;

const serialize = fastJson(InvoiceResponse);

/** The view as the JSON text a route sends: the same serializer and schema the routes declare. */
export function invoiceJson(view: InvoiceView): string {
  return serialize(view);
}

export interface InvoiceItemView extends ItemExtra {
  _id: string;
  name: string;
  description?: string;
  productId?: string;
  priceId?: string;
  currency: string;
  amount: number;
  qty: number;
  taxes: ItemTax[];
  type?: string;
  taxInclusive: boolean;
}

export interface ScheduleEntryView {
  _id: string;
  name: string;
  value: number;
  dueDate: string;
  /** Major units. */
  amount: number;
  status: 'pending' | 'paid';
}

export interface InvoiceView extends EchoedFields {
  /** The schedule with its entries (docs/payments.md); before #10 it was echoed as sent. */
  paymentSchedule?: { type: string; schedules: ScheduleEntryView[] } | OpaqueObject;
  _id: string;
  status: InvoiceStatus;
  liveMode: boolean;
  amountPaid: number;
  altId: string;
  altType: 'location';
  companyId: string;
  name: string;
  title: string;
  businessDetails: BusinessDetails;
  invoiceNumber: number;
  invoiceNumberPrefix: string;
  currency: string;
  contactDetails: ContactDetails;
  sentTo: SentTo;
  issueDate: string;
  dueDate: string;
  discount: Discount;
  invoiceItems: InvoiceItemView[];
  termsNotes?: string;
  total: number;
  amountDue: number;
  /** lateFees: our addition, present once a late fee is charged (docs/decisions.md "Late fees"). */
  totalSummary: { subTotal: number; discount: number; tax: number; lateFees?: number };
  sentAt: string | null;
  voidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function scheduleView(schedule: PaymentSchedule, currency: string) {
  return {
    type: schedule.type,
    schedules: schedule.schedules.map((e) => ({
      _id: e._id,
      name: e.name,
      value: e.value,
      dueDate: e.dueDate,
      amount: toMajor(e.amount, currency),
      status: e.status,
    })),
  };
}

export function toInvoiceView({ invoice, items }: StoredInvoice): InvoiceView {
  const c = invoice.currency;
  const major = (minor: number) => toMajor(minor, c);
  return {
    ...invoice.extra,
    ...(invoice.payment_schedule ? { paymentSchedule: scheduleView(invoice.payment_schedule, c) } : {}),
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
      ...item.extra,
      _id: item.id,
      name: item.name,
      description: item.description ?? undefined,
      productId: item.product_id ?? undefined,
      priceId: item.price_id ?? undefined,
      currency: item.currency,
      amount: major(item.amount),
      qty: Number(item.qty),
      taxes: item.taxes,
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
      ...(invoice.late_fee_total > 0 ? { lateFees: major(invoice.late_fee_total) } : {}),
    },
    sentAt: iso(invoice.sent_at),
    voidedAt: iso(invoice.voided_at),
    createdAt: invoice.created_at.toISOString(),
    updatedAt: invoice.updated_at.toISOString(),
  };
}

/** The invoice in a webhook event: as GET returns it, with invoiceNumber a string (the webhook docs' form). */
export function webhookInvoice(view: InvoiceView) {
  return { ...view, invoiceNumber: String(view.invoiceNumber) };
}

/** The stored view of an invoice in this state (store/invoice-views.ts). */
export function viewOf(stored: StoredInvoice): { json: string; version: number } {
  return { json: invoiceJson(toInvoiceView(stored)), version: INVOICE_VIEW_VERSION };
}
