/**
 * The invoice status machine (docs/send-invoice.md §2):
 *
 *   draft ──send──▶ sent ──payment──▶ payment_processing ──▶ paid
 *     │              │  └──part payment──▶ partially_paid ──▶ paid
 *     └──void──▶ void ◀──void── sent (paid and partially paid ones are refunded first)
 */
import { Errors } from '../errors.ts';

/** In the order HighLevel's validation messages list them. */
export const INVOICE_STATUSES = [
  'draft',
  'sent',
  'payment_processing',
  'paid',
  'void',
  'partially_paid',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

const EDIT_BLOCKED: Partial<Record<InvoiceStatus, string>> = {
  paid: 'Invoice is paid; a paid invoice cannot be edited',
  void: 'Invoice is void; a void invoice cannot be edited',
  payment_processing:
    'Invoice has a payment in progress (status payment_processing); it cannot be edited now',
};

export function assertEditable(status: InvoiceStatus): void {
  const message = EDIT_BLOCKED[status];
  if (message) throw Errors.badRequest(message);
}

/** Void is allowed while nothing is paid and no payment is under way: payments are refunded first. */
export function assertVoidable(status: InvoiceStatus): void {
  if (status === 'draft' || status === 'sent') return;
  if (status === 'void') throw Errors.badRequest('Invoice is already void');
  if (status === 'paid') throw Errors.badRequest('Invoice is paid; refund its payments before voiding it');
  if (status === 'partially_paid') {
    throw Errors.badRequest('Invoice is partially paid; refund its payments before voiding it');
  }
  throw Errors.badRequest(
    'Invoice has a payment in progress (status payment_processing); it cannot be voided now',
  );
}

export function assertDeletable(status: InvoiceStatus): void {
  if (status !== 'draft') {
    throw Errors.badRequest(
      `Invoice status need to be draft to delete an invoice (it is ${status}); void it instead`,
    );
  }
}

/** docs/send-invoice.md §2: which statuses may be sent, and what they become. */
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
