import { Errors } from '../errors.ts';
import type { InvoiceStatus } from '../store/schema.ts';

/** Spec section 3: what a send does per channel. */
export type SendAction = 'email' | 'sms' | 'sms_and_email' | 'send_manually';
export type ChannelPlan = 'send' | 'skipped' | 'not_requested';

export interface SendPlan {
  statusAfter: InvoiceStatus;
  /** True on the first send of a draft: stamps sentAt. */
  firstSend: boolean;
  email: ChannelPlan;
  sms: ChannelPlan;
}

/** Spec section 2: which statuses may be sent, and what they become. */
export function statusAfterSend(status: InvoiceStatus): InvoiceStatus {
  switch (status) {
    case 'draft':
      return 'sent';
    case 'sent':
    case 'partially_paid':
    case 'payment_processing':
      return status;
    case 'paid':
      throw Errors.badRequest('Invoice is paid; a paid invoice cannot be sent');
    case 'void':
      throw Errors.badRequest('Invoice is void; a void invoice cannot be sent');
  }
}

/**
 * Decides a send from the invoice's status and the contact's reachable channels; throws the spec's 400s
 * (status first, then channels: rows 9 and 10).
 */
export function planSend(
  status: InvoiceStatus,
  action: SendAction,
  contact: { email: string | null; phone: string | null },
): SendPlan {
  const statusAfter = statusAfterSend(status);
  const firstSend = status === 'draft';
  const hasEmail = contact.email !== null;
  const hasPhone = contact.phone !== null;
  switch (action) {
    case 'send_manually':
      return { statusAfter, firstSend, email: 'not_requested', sms: 'not_requested' };
    case 'email':
      if (!hasEmail)
        throw Errors.badRequest('contactDetails.email is missing: the invoice cannot be emailed');
      return { statusAfter, firstSend, email: 'send', sms: 'not_requested' };
    case 'sms':
      if (!hasPhone)
        throw Errors.badRequest('contactDetails.phoneNo is missing: the invoice cannot be sent by SMS');
      return { statusAfter, firstSend, email: 'not_requested', sms: 'send' };
    case 'sms_and_email':
      if (!hasEmail && !hasPhone) {
        throw Errors.badRequest(
          'contactDetails.email and contactDetails.phoneNo are both missing: the invoice cannot be sent',
        );
      }
      return {
        statusAfter,
        firstSend,
        email: hasEmail ? 'send' : 'skipped',
        sms: hasPhone ? 'send' : 'skipped',
      };
  }
}
