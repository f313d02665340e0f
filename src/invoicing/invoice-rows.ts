/** Turning an invoice's input and computed totals into store rows (create and update share these). */
import { objectId } from '../domain/ids.ts';
import type { InvoiceItemInput } from '../domain/invoice.ts';
import type { InvoiceTotals } from '../domain/totals.ts';
import { Errors } from '../errors.ts';
import type { NewInvoiceItemRow } from '../store/schema.ts';

export function itemRows(
  invoiceId: string,
  items: InvoiceItemInput[],
  totals: InvoiceTotals,
): NewInvoiceItemRow[] {
  return items.map((item, position) => {
    const priced = totals.items[position]!;
    return {
      id: objectId(),
      invoice_id: invoiceId,
      position,
      name: item.name,
      description: item.description ?? null,
      product_id: item.productId ?? null,
      price_id: item.priceId ?? null,
      currency: item.currency,
      amount: priced.amount,
      qty: priced.qty,
      taxes: JSON.stringify(item.taxes ?? []),
      type: item.type ?? null,
      tax_inclusive: item.taxInclusive ?? false,
      extra: JSON.stringify({
        automaticTaxCategoryId: item.automaticTaxCategoryId,
        isSetupFeeItem: item.isSetupFeeItem,
      }),
      line_total: priced.lineTotal,
    };
  });
}

export function totalsColumns(totals: InvoiceTotals) {
  return {
    sub_total: totals.subTotal,
    discount_total: totals.discountTotal,
    tax_total: totals.taxTotal,
    total: totals.total,
    tax_lines: JSON.stringify(totals.taxes),
  };
}

export function assertDueAfterIssue(issueDate: string, dueDate: string): void {
  if (dueDate < issueDate) throw Errors.unprocessable('dueDate must not be before issueDate');
}
