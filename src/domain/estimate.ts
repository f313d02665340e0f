/**
 * An estimate (issue #12 item 3): what it holds, its statuses, and which actions each status allows.
 * `viewed` is not a status of its own here: a view is a history entry, so a viewed estimate stays `sent`
 * and can still be accepted (docs/decisions.md "Estimates").
 */
import { Errors } from '../errors.ts';
import type {
  BusinessDetails,
  ContactDetails,
  Discount,
  InvoiceItemInput,
  OpaqueObject,
  SentTo,
} from './invoice.ts';

export const ESTIMATE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'invoiced'] as const;
export type EstimateStatus = (typeof ESTIMATE_STATUSES)[number];

export interface EstimateItem extends InvoiceItemInput {
  _id: string;
}

/** The estimate's own fields as the API takes them (CreateEstimatesDto), kept as one document. */
export interface EstimateFields {
  businessDetails: BusinessDetails;
  items: EstimateItem[];
  discount: Discount;
  contactDetails: ContactDetails;
  termsNotes?: string;
  title?: string;
  issueDate: string;
  expiryDate: string;
  sentTo?: SentTo;
  automaticTaxesEnabled?: boolean;
  meta?: OpaqueObject;
  sendEstimateDetails?: OpaqueObject;
  frequencySettings: OpaqueObject;
  estimateNumberPrefix: string;
  attachments?: OpaqueObject[];
  autoInvoice?: { enabled: boolean; directPayments?: boolean };
  miscellaneousCharges?: OpaqueObject;
  paymentScheduleConfig?: OpaqueObject;
  updatedBy?: string;
  sentBy?: string;
}

export type EstimateAction = 'created' | 'updated' | 'sent' | 'viewed' | 'accepted' | 'declined' | 'invoiced';

/** One entry of `estimateActionHistory`. */
export interface EstimateHistoryEntry {
  action: EstimateAction;
  at: string;
  /** The API token or 'customer' (the hosted page). */
  by: string;
  invoiceId?: string;
  /** A send's details (kept in the history; the API's entry shows action, at and by). */
  send?: Record<string, unknown>;
}

/** Why the customer cannot accept or decline now, or undefined when they can. */
export function decisionRefusal(
  status: EstimateStatus,
  expiryDate: string,
  today: string,
): string | undefined {
  if (status === 'draft') return 'This estimate has not been sent yet.';
  if (status === 'accepted') return 'This estimate was already accepted.';
  if (status === 'declined') return 'This estimate was already declined.';
  if (status === 'invoiced') return 'This estimate was already invoiced.';
  if (expiryDate < today) return `This estimate expired on ${expiryDate}.`;
  return undefined;
}

/** Why the estimate cannot become an invoice, or undefined when it can (sent or accepted, not converted before). */
export function conversionRefusal(status: EstimateStatus, invoiceId: string | null): string | undefined {
  if (invoiceId !== null) return `this estimate was already converted into invoice ${invoiceId}`;
  if (status === 'draft') return 'a draft estimate cannot be invoiced: send it first';
  if (status === 'declined') return 'a declined estimate cannot be invoiced';
  if (status === 'invoiced') return 'this estimate was already invoiced';
  return undefined;
}

/**
 * The status after a send (POST /invoices/estimate/{id}/send): a draft becomes sent; a sent or accepted
 * estimate may be sent again (a reminder, a copy) and keeps its status. A declined or invoiced one, or a
 * draft or sent one past its expiry date, is refused with what to do instead.
 */
export function statusAfterSend(status: EstimateStatus, expiryDate: string, today: string): EstimateStatus {
  if (status === 'declined')
    throw Errors.badRequest(
      'this estimate was declined and cannot be sent again; set estimateStatus to draft with PUT to revise it',
    );
  if (status === 'invoiced') throw Errors.badRequest('this estimate was already invoiced and cannot be sent');
  if (status === 'accepted') return status;
  if (expiryDate < today)
    throw Errors.badRequest(
      `this estimate expired on ${expiryDate}; move its expiryDate forward with PUT before sending it`,
    );
  return 'sent';
}
