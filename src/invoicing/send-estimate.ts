/**
 * POST /invoices/estimate/{estimateId}/send: the channels, test/live mode and dev outbox of an invoice's
 * send (domain/send.ts). The estimate's new status, its history entry, its deliveries and their jobs
 * commit in one transaction with the estimate row locked; the workers deliver after commit
 * (invoicing/render-estimate-delivery.ts renders the message with the /e/{token} link).
 */
import { statusAfterSend } from '../domain/estimate.ts';
import { objectId } from '../domain/ids.ts';
import {
  type Channel,
  type ChannelPlan,
  type ChannelReport,
  channelReport,
  contactChannels,
  planChannels,
  SEND_WINDOW_MS,
  type SendAction,
  sendLimitError,
  smsRecipient,
} from '../domain/send.ts';
import { Errors } from '../errors.ts';
import type { NewDelivery } from '../store/deliveries.ts';
import { lockEstimateForSend, recordEstimateSend } from '../store/estimate-sends.ts';
import type { Actor, InvoicingContext } from './context.ts';
import { type EstimateView, estimateView } from './estimate-view.ts';
import { historyEntry } from './estimates.ts';
import { SENDS_PER_HOUR } from './send-invoice.ts';

/** SendEstimateDto, as the route has validated it. */
export interface SendEstimateRequest {
  altId: string;
  userId: string;
  action: SendAction;
  liveMode: boolean;
  sentFrom?: { fromName?: string; fromEmail?: string };
  estimateName?: string;
}

type EstimateDelivery = Omit<NewDelivery, 'invoiceId' | 'locationId'>;

export async function sendEstimate(
  ctx: InvoicingContext,
  actor: Actor,
  estimateId: string,
  request: SendEstimateRequest,
): Promise<EstimateView> {
  const locationId = request.altId;
  return ctx.store.db.transaction().execute(async (trx) => {
    const locked = await lockEstimateForSend(trx, locationId, estimateId, request.userId);
    if (!locked) throw Errors.notFound('Estimate not found');
    if (!locked.userHasAccess)
      throw Errors.badRequest(`userId ${request.userId} is not a user of location ${locationId}`);
    const now = new Date();
    const recent = locked.history.filter(
      (h) => h.action === 'sent' && h.send !== undefined && now.getTime() - Date.parse(h.at) < SEND_WINDOW_MS,
    );
    const oldest = recent.length > 0 ? new Date(recent[0]!.at) : null;
    const refused = sendLimitError(
      { count: recent.length, oldest },
      ctx.sendsPerHour ?? SENDS_PER_HOUR,
      now,
      'estimate',
    );
    if (refused) throw refused;
    const statusAfter = statusAfterSend(
      locked.status,
      locked.fields.expiryDate,
      now.toISOString().slice(0, 10),
    );
    const { email, rawPhone } = contactChannels(locked.fields.contactDetails);
    const plan = planChannels(request.action, { email, phone: rawPhone }, 'estimate');
    const phone = plan.sms === 'send' ? smsRecipient(rawPhone!) : null;

    const sendId = objectId();
    const deliveries: EstimateDelivery[] = [];
    const mode = { liveMode: request.liveMode, configured: ctx.transports };
    const channel = (kind: Channel, planned: ChannelPlan, recipient: string | null): ChannelReport =>
      channelReport(kind, planned, recipient, mode, (message) =>
        deliveries.push({
          ...message,
          sendEventId: sendId,
          // sentFrom is ignored by send_manually, as for invoices; liveMode keeps live messages out of the outbox.
          request: {
            action: request.action,
            sentFrom: request.sentFrom ?? null,
            userId: request.userId,
            liveMode: request.liveMode,
          },
        }),
      );
    const emailData = channel('email', plan.email, email);
    const smsData = channel('sms', plan.sms, phone);
    const entry = historyEntry('sent', actor.tokenId, {
      send: {
        sendId,
        userId: request.userId,
        action: request.action,
        liveMode: request.liveMode,
        statusBefore: locked.status,
        statusAfter,
        email: emailData,
        sms: smsData,
        sentFrom: request.action === 'send_manually' ? null : (request.sentFrom ?? null),
        ...(request.estimateName === undefined ? {} : { estimateName: request.estimateName }),
      },
    });
    const row = await recordEstimateSend(trx, {
      locationId,
      estimateId,
      status: statusAfter,
      liveMode: request.liveMode,
      fields: { ...locked.fields, sentBy: request.userId },
      history: [...locked.history, entry],
      deliveries,
    });
    for (const delivery of deliveries)
      await ctx.jobs.enqueue(trx, { id: delivery.id, channel: delivery.channel });
    return estimateView(row);
  });
}
