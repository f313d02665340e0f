/** The invoice SMS: one GSM-7 segment for typical values. */
import { formatMoney } from '../domain/money.ts';
import { oneLine, shownNumber } from './display.ts';
import type { InvoiceDocument } from './document.ts';

/**
 * An amount as SMS shows it. Intl puts a no-break space after a currency code ("KWD 1.250"); it is not in
 * the GSM 7-bit alphabet and would turn the whole SMS into UCS-2 (70 characters a segment instead of 160).
 */
export function smsMoney(amount: number, currency: string): string {
  return formatMoney(amount, currency).replace(/\u00a0/g, ' ');
}

/** "Business: facts link", the business name shortened (or left out) to keep one 160-character segment. */
export function composeSms(businessName: string, facts: string, link: string): string {
  const budget = 160 - facts.length - link.length - 3;
  let name = oneLine(businessName);
  // Shorten a long business name rather than split the message; the link and the facts matter most.
  if (name.length > budget) name = budget > 4 ? `${name.slice(0, budget - 3).trimEnd()}...` : '';
  return name ? `${name}: ${facts} ${link}` : `${facts[0]!.toUpperCase()}${facts.slice(1)} ${link}`;
}

/** "Acme Ltd: invoice INV-1001, $1,962.00 due. https://host/i/token" — one SMS segment for typical values. */
export function renderInvoiceSms(doc: InvoiceDocument): string {
  const facts = `invoice ${shownNumber(doc)}, ${smsMoney(doc.amountDue, doc.currency)} due.`;
  return composeSms(doc.business.name, facts, doc.publicUrl);
}
