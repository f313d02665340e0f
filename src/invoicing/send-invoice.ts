/**
 * POST /invoices/{invoiceId}/send (docs/send-invoice.md). The status change, the history record, the
 * deliveries with their jobs, the InvoiceSent event, auto-payment's charges with their jobs and the
 * idempotency record commit in one transaction, with the invoice row locked; workers deliver (and
 * charge) after commit.
 */
import fastJson from 'fast-json-stringify';
import { objectId } from '../domain/ids.ts';
import type { AutoPayment } from '../domain/invoice.ts';
import {
  type Channel,
  type ChannelPlan,
  type ChannelReport,
  channelReport,
  contactChannels,
  planSend,
  SEND_WINDOW_MS,
  type SendAction,
  sendLimitError,
  smsRecipient,
} from '../domain/send.ts';
import { Errors } from '../errors.ts';
import type { Tx } from '../store/db.ts';
import type { NewDelivery } from '../store/deliveries.ts';
import { takeInvoiceNumber } from '../store/invoice-numbers.ts';
import { lockInvoiceForSend } from '../store/invoices.ts';
import { asJsonb } from '../store/jsonb.ts';
import { countSendsSince, recordSend, type SentState } from '../store/sends.ts';
import { type AutoPaymentCheck, applyAutoPayment, checkAutoPayment } from './auto-payment.ts';
import type { Actor, AutoPaymentContext } from './context.ts';
import { type IdempotentOutcome, withIdempotency } from './idempotency.ts';
import { INVOICE_VIEW_VERSION, type InvoiceView, invoiceJson, toInvoiceView } from './invoice-view.ts';
import { ChannelData } from './response-schemas.ts';
import { invoiceWebhook } from './webhook-payload.ts';

/** SendInvoiceDto, as the route has validated it. */
export interface SendRequest {
  altId: string;
  userId: string;
  action: SendAction;
  liveMode: boolean;
  sentFrom?: { fromName?: string; fromEmail?: string };
  autoPayment?: AutoPayment;
}

export interface SendResult {
  invoice: InvoiceView;
  emailData: ChannelReport;
  smsData: ChannelReport;
}

const serializeChannel = fastJson(ChannelData);

/** Sends of one invoice per hour (README "Limits"): counted from its history, so across processes. */
export const SENDS_PER_HOUR = 10;
/** A 429 when the invoice (locked by the caller) was already sent `limit` times this hour. */
async function assertSendAllowed(trx: Tx, invoiceId: string, limit: number, now: Date): Promise<void> {
  if (limit === 0) return;
  const recent = await countSendsSince(trx, invoiceId, new Date(now.getTime() - SEND_WINDOW_MS));
  const refused = sendLimitError(recent, limit, now, 'invoice');
  if (refused) throw refused;
}

/** SendInvoicesResponseDto as JSON text; the invoice's own text when it is at hand (its stored view). */
function sendResultJson(result: SendResult, invoiceText = invoiceJson(result.invoice)): string {
  // The shape fast-json-stringify gives SendInvoiceResponse (test/send.test.ts compares the two).
  const email = serializeChannel(result.emailData);
  return `{"invoice":${invoiceText},"emailData":${email},"smsData":${serializeChannel(result.smsData)}}`;
}

/** Sends the invoice (§1 rows 7-10, §2-5); with an Idempotency-Key, at most once per key and body (§6). */
export async function sendInvoice(
  ctx: AutoPaymentContext,
  actor: Actor,
  invoiceId: string,
  request: SendRequest,
  idempotencyKey?: string,
): Promise<{ json: string; replayed: boolean }> {
  // Before the transaction: a provider's answer may take a network round trip, and no lock waits on it.
  const autoPayment = await checkAutoPayment(ctx, request);
  let invoiceText: string | undefined;
  const scope = { locationId: request.altId, key: idempotencyKey, operation: 'send-invoice' };
  const outcome: IdempotentOutcome<SendResult> = await withIdempotency(
    ctx.store,
    { ...scope, request: [invoiceId, request] },
    async (trx) => {
      const sent = await sendIn(ctx, trx, actor, invoiceId, request, autoPayment);
      invoiceText = sent.invoiceText;
      return sent.result;
    },
  );
  return {
    json: sendResultJson(outcome.body, outcome.replayed ? undefined : invoiceText),
    replayed: outcome.replayed,
  };
}

/** The send inside the caller's transaction, the invoice row locked (text2pay, a schedule's run). */
export async function sendIn(
  ctx: AutoPaymentContext,
  trx: Tx,
  actor: Actor,
  invoiceId: string,
  request: SendRequest,
  autoPayment: AutoPaymentCheck | undefined,
): Promise<{ result: SendResult; invoiceText: string }> {
  const locationId = request.altId;
  const locked = await lockInvoiceForSend(trx, locationId, invoiceId, request.userId);
  if (!locked) throw Errors.invoiceNotFound();
  if (!locked.userHasAccess) {
    throw Errors.badRequest(`userId ${request.userId} is not a user of location ${locationId}`);
  }
  const now = new Date();
  await assertSendAllowed(trx, invoiceId, ctx.sendsPerHour ?? SENDS_PER_HOUR, now);
  const before = locked.invoice;
  const { email, rawPhone } = contactChannels(before.contact_details);
  const plan = planSend(before.status, request.action, { email, phone: rawPhone });
  const phone = plan.sms === 'send' ? smsRecipient(rawPhone!) : null;
  // §4: after row 10.
  if (autoPayment?.kind === 'refused') throw autoPayment.error;

  const state: SentState = {
    status: plan.statusAfter,
    live_mode: request.liveMode,
    invoice_number: before.invoice_number ?? (await takeInvoiceNumber(trx, locationId)),
    sent_at: before.sent_at ?? now,
    auto_payment: autoPayment === undefined ? before.auto_payment : asJsonb(autoPayment.stored),
    updated_at: now,
  };
  const after = { ...before, ...state };

  const sendId = objectId();
  const deliveries: NewDelivery[] = [];
  const mode = { liveMode: request.liveMode, configured: ctx.transports };
  const channel = (kind: Channel, planned: ChannelPlan, recipient: string | null): ChannelReport =>
    channelReport(kind, planned, recipient, mode, (message) =>
      deliveries.push({
        ...message,
        invoiceId,
        locationId,
        sendEventId: sendId,
        request: { action: request.action, sentFrom: request.sentFrom ?? null, userId: request.userId },
      }),
    );
  const emailData = channel('email', plan.email, email);
  const smsData = channel('sms', plan.sms, phone);
  const invoice = toInvoiceView({ invoice: after, items: locked.items });
  const invoiceText = invoiceJson(invoice);

  await recordSend(trx, {
    invoice: state,
    view: { json: invoiceText, version: INVOICE_VIEW_VERSION },
    deliveries,
    event: {
      invoiceId,
      locationId,
      type: 'sent',
      actor: { tokenId: actor.tokenId, userId: request.userId },
      data: {
        sendId,
        action: request.action,
        liveMode: request.liveMode,
        statusBefore: before.status,
        statusAfter: plan.statusAfter,
        email: emailData,
        sms: smsData,
        // §3: sentFrom is ignored by send_manually.
        sentFrom: request.action === 'send_manually' ? null : (request.sentFrom ?? null),
      },
    },
    webhook: invoiceWebhook('InvoiceSent', { invoice: after, items: locked.items }, invoice),
  });
  for (const delivery of deliveries)
    await ctx.jobs.enqueue(trx, { id: delivery.id, channel: delivery.channel });
  await applyAutoPayment(ctx, trx, { invoice: after, items: locked.items }, autoPayment, {
    tokenId: actor.tokenId,
    userId: request.userId,
  });
  return { result: { invoice, emailData, smsData }, invoiceText };
}
