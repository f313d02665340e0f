/**
 * The dashboard's invoice page (issue #13): the invoice as its customer sees it, its history, its
 * messages and its ledger, read for one location (another location's invoice is not found).
 */
import { Errors } from '../errors.ts';
import { paymentMethodLabel } from '../render/display.ts';
import type { InvoiceDocument } from '../render/document.ts';
import {
  findInvoiceDelivery,
  invoiceDeliveries,
  invoiceHistory,
  savedMethodsOfCustomer,
} from '../store/dashboard-invoice.ts';
import { findInvoice, type StoredInvoice } from '../store/invoices.ts';
import { findPaymentCustomer } from '../store/payment-customers.ts';
import { listPayments, refundsOf } from '../store/payments.ts';
import type { DeliveryRow, PaymentRow, RefundRow } from '../store/schema.ts';
import { testMethodsOf } from '../store/test-methods.ts';
import type { AutoPaymentContext, InvoicingContext, StoreContext } from './context.ts';
import { loadInvoiceDocument } from './invoice-document.ts';
import { sendInvoice } from './send-invoice.ts';

export interface HistoryEntry {
  id: string;
  type: string;
  actor: { tokenId?: string; userId?: string; kind?: string; system?: string };
  data: Record<string, unknown>;
  at: Date;
}

export type InvoiceDelivery = Pick<
  DeliveryRow,
  'id' | 'send_event_id' | 'channel' | 'transport' | 'recipient' | 'status' | 'attempts' | 'last_error'
> & { kind: string; createdAt: Date; sentAt: Date | null };

export interface InvoicePage {
  doc: InvoiceDocument;
  /** The customer page's path, /i/{token} (the token is the secret of the link). */
  publicPath: string;
  contactId: string | null;
  payments: PaymentRow[];
  refunds: RefundRow[];
  history: HistoryEntry[];
  deliveries: InvoiceDelivery[];
}

async function found(ctx: StoreContext, locationId: string, invoiceId: string): Promise<StoredInvoice> {
  const stored = await findInvoice(ctx.store.db, locationId, invoiceId);
  if (!stored) throw Errors.invoiceNotFound();
  return stored;
}

/** The invoice's messages, newest first, and its status; 404 for another location's invoice. */
export async function listInvoiceDeliveries(
  ctx: StoreContext,
  locationId: string,
  invoiceId: string,
): Promise<{ status: StoredInvoice['invoice']['status']; deliveries: InvoiceDelivery[] }> {
  const stored = await found(ctx, locationId, invoiceId);
  return { status: stored.invoice.status, deliveries: await deliveriesOf(ctx, locationId, invoiceId) };
}

async function deliveriesOf(ctx: StoreContext, locationId: string, invoiceId: string) {
  const rows = await invoiceDeliveries(ctx.store.db, locationId, invoiceId);
  return rows.map((r) => ({
    id: r.id,
    send_event_id: r.send_event_id,
    channel: r.channel,
    transport: r.transport,
    recipient: r.recipient,
    status: r.status,
    attempts: r.attempts,
    last_error: r.last_error,
    kind: r.request.kind ?? 'invoice',
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

/** Everything the invoice page shows. */
export async function loadInvoicePage(
  ctx: Pick<InvoicingContext, 'store' | 'publicUrl'>,
  locationId: string,
  invoiceId: string,
): Promise<InvoicePage> {
  const stored = await found(ctx, locationId, invoiceId);
  const db = ctx.store.db;
  const [doc, payments, refunds, events, deliveries] = await Promise.all([
    loadInvoiceDocument(db, stored, ctx.publicUrl),
    listPayments(db, invoiceId),
    refundsOf(db, invoiceId),
    invoiceHistory(db, locationId, invoiceId),
    deliveriesOf(ctx, locationId, invoiceId),
  ]);
  const contactId = stored.invoice.contact_details.id;
  return {
    doc,
    publicPath: `/i/${stored.invoice.public_token}`,
    contactId: typeof contactId === 'string' && contactId !== '' ? contactId : null,
    payments,
    refunds,
    history: events.map((e) => ({
      id: String(e.id),
      type: e.type,
      actor: e.actor,
      data: e.data,
      at: e.created_at,
    })),
    deliveries,
  };
}

export interface SavedMethodChoice {
  /** The provider's method id (autoPayment.paymentMethodId). */
  ref: string;
  customerRef: string;
  label: string;
}

/**
 * The payment methods the invoice's contact saved with the provider that charges in this mode: the test
 * provider's saved test cards, or methods kept from the contact's online payments.
 */
export async function savedPaymentMethods(
  ctx: StoreContext,
  locationId: string,
  invoiceId: string,
  liveMode: boolean,
): Promise<SavedMethodChoice[]> {
  const stored = await found(ctx, locationId, invoiceId);
  const contactId = stored.invoice.contact_details.id;
  if (typeof contactId !== 'string' || contactId === '') return [];
  const provider = liveMode ? 'stripe' : 'test';
  const customerRef = await findPaymentCustomer(ctx.store.db, locationId, contactId, provider);
  if (!customerRef) return [];
  const choices = new Map<string, SavedMethodChoice>();
  const label = (brand: string | null, last4: string | null) =>
    last4
      ? paymentMethodLabel({ mode: 'card', card_brand: brand, card_last4: last4, cheque_number: null })
      : 'Saved payment method';
  if (!liveMode) {
    for (const m of await testMethodsOf(ctx.store.db, customerRef)) {
      if (m.location_id !== locationId) continue;
      choices.set(m.id, { ref: m.id, customerRef, label: label(m.brand, m.last4) });
    }
  }
  for (const m of await savedMethodsOfCustomer(ctx.store.db, locationId, customerRef)) {
    if (m.method_ref && !choices.has(m.method_ref))
      choices.set(m.method_ref, { ref: m.method_ref, customerRef, label: label(m.card_brand, m.card_last4) });
  }
  return [...choices.values()];
}

/**
 * Sends one message of the invoice again: a new send through the same channel, to the contact's
 * current address, with the first send's sender (there is no resend of a single message).
 */
export async function resendDelivery(
  ctx: AutoPaymentContext,
  actor: { tokenId: string; companyId: string },
  input: { locationId: string; invoiceId: string; deliveryId: string; userId: string },
): Promise<void> {
  const stored = await found(ctx, input.locationId, input.invoiceId);
  const delivery = await findInvoiceDelivery(
    ctx.store.db,
    input.locationId,
    input.invoiceId,
    input.deliveryId,
  );
  if (!delivery) throw Errors.notFound('There is no such message of this invoice');
  if (delivery.status !== 'sent' && delivery.status !== 'failed') {
    throw Errors.badRequest('This message is still being sent: wait until it is sent or has failed');
  }
  const sentFrom = delivery.request.sentFrom ?? undefined;
  await sendInvoice(ctx, actor, input.invoiceId, {
    altId: input.locationId,
    userId: input.userId,
    action: delivery.channel,
    liveMode: stored.invoice.live_mode,
    ...(sentFrom ? { sentFrom } : {}),
  });
}
