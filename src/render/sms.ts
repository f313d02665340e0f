/** The invoice SMS: one GSM-7 segment for typical values. */
import { formatMoney } from '../domain/money.ts';
import { oneLine, shownNumber } from './display.ts';
import type { InvoiceDocument } from './document.ts';

/** "Acme Ltd: invoice INV-1001, $1,962.00 due. https://host/i/token" — one SMS segment for typical values. */
export function renderInvoiceSms(doc: InvoiceDocument): string {
  const link = doc.publicUrl;
  // Intl puts a no-break space after a currency code ("KWD 1.250"); it is not in the GSM 7-bit alphabet and
  // would turn the whole SMS into UCS-2 (70 characters a segment instead of 160).
  const amount = formatMoney(doc.amountDue, doc.currency).replace(/\u00a0/g, ' ');
  const facts = `invoice ${shownNumber(doc)}, ${amount} due.`;
  const budget = 160 - facts.length - link.length - 3;
  let name = oneLine(doc.business.name);
  // Shorten a long business name rather than split the message; the link and the facts matter most.
  if (name.length > budget) name = budget > 4 ? `${name.slice(0, budget - 3).trimEnd()}...` : '';
  return name ? `${name}: ${facts} ${link}` : `${facts[0]!.toUpperCase()}${facts.slice(1)} ${link}`;
}
