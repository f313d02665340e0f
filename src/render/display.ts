import type { PaymentRow } from '../store/schema.ts';
import type { InvoiceDocument, PostalAddress } from './document.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2026-03-15" or an ISO timestamp -> "March 15, 2026" (the calendar date as written, no time zone shift). */
export function formatDate(value: string): string {
  const text = String(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return text;
  const month = MONTHS[Number(match[2]) - 1];
  return month ? `${month} ${Number(match[3])}, ${match[1]}` : text;
}

/** Postal address as display lines, empty parts left out. */
export function addressLines(address: PostalAddress | undefined): string[] {
  if (!address) return [];
  const cityLine = [address.city, [address.state, address.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [address.addressLine1, address.addressLine2, cityLine, address.countryCode]
    .map((line) => line?.trim() ?? '')
    .filter((line) => line !== '');
}

const STATUS_LABELS: Record<InvoiceDocument['status'], string> = {
  draft: 'DRAFT',
  sent: 'DUE',
  payment_processing: 'PAYMENT PROCESSING',
  partially_paid: 'PARTIALLY PAID',
  paid: 'PAID',
  void: 'VOID',
};

export function statusLabel(status: InvoiceDocument['status']): string {
  return STATUS_LABELS[status];
}

/** "INV-1001", or "Draft" for a draft that has no number yet. */
export function shownNumber(doc: InvoiceDocument): string {
  return doc.displayNumber ?? 'Draft';
}

/** Text for a header (an email subject) or a one-line message: no line breaks, and a bounded length. */
export function oneLine(value: string, max = 200): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

const MODES: Record<PaymentRow['mode'], string> = {
  cash: 'Cash',
  card: 'Card',
  cheque: 'Cheque',
  bank_transfer: 'Bank transfer',
  other: 'Other',
  online: 'Online payment',
};

/** How a payment was made, for people: "Visa ending 4242", "Cheque 1001", "Bank transfer". */
export function paymentMethodLabel(
  payment: Pick<PaymentRow, 'mode' | 'card_brand' | 'card_last4' | 'cheque_number'>,
): string {
  if (payment.card_last4) {
    const brand = payment.card_brand ?? 'card';
    const shown = BRANDS[brand.toLowerCase()] ?? `${brand.charAt(0).toUpperCase()}${brand.slice(1)}`;
    return `${shown} ending ${payment.card_last4}`;
  }
  if (payment.mode === 'cheque' && payment.cheque_number) return `Cheque ${payment.cheque_number}`;
  return MODES[payment.mode];
}
