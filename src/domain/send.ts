/** The decisions of a send (docs/send-invoice.md §2-3), with no I/O; §4 is auto-payment.ts. */
import { AppError, Errors } from '../errors.ts';
import { objectId } from './ids.ts';
import type { ContactDetails } from './invoice.ts';
import { type InvoiceStatus, statusAfterSend } from './invoice-status.ts';
import { normalisePhone } from './phone.ts';

export type SendAction = 'email' | 'sms' | 'sms_and_email' | 'send_manually';
export type Channel = 'email' | 'sms';
export type ChannelPlan = 'send' | 'skipped' | 'not_requested';
export type Transport = 'outbox' | 'smtp' | 'twilio';

export interface SendPlan {
  statusAfter: InvoiceStatus;
  /** True on the first send of a draft: stamps sentAt. */
  firstSend: boolean;
  email: ChannelPlan;
  sms: ChannelPlan;
}

/** What a send reports per channel (emailData / smsData; docs/decisions.md, "Send Invoice"). */
export interface ChannelReport {
  status: 'queued' | 'skipped' | 'not_requested';
  recipient?: string;
  messageId?: string;
  deliveryId?: string;
  transport?: Transport;
  reason?: string;
}

/** The contact's email and phone as given (trimmed), null when absent or blank. */
export function contactChannels(contact: ContactDetails): { email: string | null; rawPhone: string | null } {
  const email =
    typeof contact.email === 'string' && contact.email.trim() !== '' ? contact.email.trim() : null;
  const rawPhone =
    typeof contact.phoneNo === 'string' && contact.phoneNo.trim() !== '' ? contact.phoneNo : null;
  return { email, rawPhone };
}

/**
 * Decides a send from the invoice's status and the contact's reachable channels; throws the 400s of
 * §1 rows 9 and 10, status first, then channels.
 */
export function planSend(
  status: InvoiceStatus,
  action: SendAction,
  contact: { email: string | null; phone: string | null },
): SendPlan {
  const statusAfter = statusAfterSend(status);
  return { statusAfter, firstSend: status === 'draft', ...planChannels(action, contact) };
}

/** The channels a send uses (row 10's 400s), for an invoice or an estimate (`what` names it). */
export function planChannels(
  action: SendAction,
  contact: { email: string | null; phone: string | null },
  what: 'invoice' | 'estimate' = 'invoice',
): { email: ChannelPlan; sms: ChannelPlan } {
  const hasEmail = contact.email !== null;
  const hasPhone = contact.phone !== null;
  switch (action) {
    case 'send_manually':
      return { email: 'not_requested', sms: 'not_requested' };
    case 'email':
      if (!hasEmail)
        throw Errors.badRequest(`contactDetails.email is missing: the ${what} cannot be emailed`);
      return { email: 'send', sms: 'not_requested' };
    case 'sms':
      if (!hasPhone)
        throw Errors.badRequest(`contactDetails.phoneNo is missing: the ${what} cannot be sent by SMS`);
      return { email: 'not_requested', sms: 'send' };
    case 'sms_and_email':
      if (!hasEmail && !hasPhone) {
        throw Errors.badRequest(
          `contactDetails.email and contactDetails.phoneNo are both missing: the ${what} cannot be sent`,
        );
      }
      return { email: hasEmail ? 'send' : 'skipped', sms: hasPhone ? 'send' : 'skipped' };
  }
}

/**
 * The 429 of a subject (an invoice, an estimate) already sent `limit` times in the hour before `now`
 * (README "Limits"); `recent` counts those sends and says when the oldest was. Nothing when under it.
 */
export function sendLimitError(
  recent: { count: number; oldest: Date | null },
  limit: number,
  now: Date,
  what: 'invoice' | 'estimate',
): AppError | undefined {
  if (limit === 0 || recent.count < limit) return undefined;
  const retryAt = new Date((recent.oldest ?? now).getTime() + SEND_WINDOW_MS);
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return new AppError(
    'too_many_requests',
    `this ${what} was sent ${recent.count} times in the last hour, the limit is ${limit} sends per ${what} per hour; send it again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  );
}

/** The window the send limit counts in. */
export const SEND_WINDOW_MS = 60 * 60 * 1000;

/** The number an SMS goes to, in E.164 form; a 400 naming the number when it cannot be one. */
export function smsRecipient(rawPhone: string): string {
  const phone = normalisePhone(rawPhone);
  if (phone === null) {
    throw Errors.badRequest(
      `contactDetails.phoneNo "${rawPhone}" is not a phone number in E.164 form (e.g. +14155550123)`,
    );
  }
  return phone;
}

/** Test mode always uses the outbox; live mode a configured provider, else the outbox (§2). */
export function chooseTransport(
  channel: Channel,
  liveMode: boolean,
  configured: { smtp: boolean; twilio: boolean },
): Transport {
  if (!liveMode) return 'outbox';
  if (channel === 'email') return configured.smtp ? 'smtp' : 'outbox';
  return configured.twilio ? 'twilio' : 'outbox';
}

/** Why a channel of sms_and_email was skipped. */
export function skipReason(channel: Channel): string {
  return channel === 'email' ? 'contact has no email' : 'contact has no phone number';
}

/** Email Message-IDs carry angle brackets (RFC 5322); SMS ids are the bare delivery id. */
export function messageIdFor(deliveryId: string, channel: Channel): string {
  return channel === 'email' ? `<${deliveryId}@hl-invoices.local>` : deliveryId;
}

/** A message a send queues, before its subject and request are added. */
export interface PlannedMessage {
  id: string;
  channel: Channel;
  transport: Transport;
  recipient: string;
  messageId: string;
}

/**
 * What a send reports for one channel; a channel to send gets a new message (id, transport, Message-ID),
 * handed to `queue`.
 */
export function channelReport(
  channel: Channel,
  planned: ChannelPlan,
  recipient: string | null,
  transport: { liveMode: boolean; configured: { smtp: boolean; twilio: boolean } },
  queue: (message: PlannedMessage) => void,
): ChannelReport {
  if (planned === 'skipped') return { status: planned, reason: skipReason(channel) };
  if (planned !== 'send') return { status: planned };
  const chosen = chooseTransport(channel, transport.liveMode, transport.configured);
  const id = objectId();
  const messageId = messageIdFor(id, channel);
  queue({ id, channel, transport: chosen, recipient: recipient!, messageId });
  return { status: 'queued', recipient: recipient!, messageId, deliveryId: id, transport: chosen };
}
