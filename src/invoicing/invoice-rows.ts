/** An invoice's state as store rows, computed from its input and totals (create and update share these). */
import { objectId } from '../domain/ids.ts';
import type { InvoiceItemInput } from '../domain/invoice.ts';
import type { InvoiceTotals } from '../domain/totals.ts';
import { Errors } from '../errors.ts';
import { asJsonb } from '../store/jsonb.ts';
import type { InvoiceItemRow } from '../store/schema.ts';

export function itemRows(
  invoiceId: string,
  items: InvoiceItemInput[],
  totals: InvoiceTotals,
): InvoiceItemRow[] {
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
      taxes: asJsonb(item.taxes ?? []),
      type: item.type ?? null,
      tax_inclusive: item.taxInclusive ?? false,
      extra: asJsonb({
        automaticTaxCategoryId: item.automaticTaxCategoryId,
        isSetupFeeItem: item.isSetupFeeItem,
      }),
      line_total: priced.lineTotal,
    };
  });
}

/** The totals' columns; `total` also holds the late fees already charged (docs/decisions.md "Late fees"). */
export function totalsColumns(totals: InvoiceTotals, lateFeeTotal = 0) {
  return {
    sub_total: totals.subTotal,
    discount_total: totals.discountTotal,
    tax_total: totals.taxTotal,
    total: totals.total + lateFeeTotal,
    tax_lines: asJsonb(totals.taxes),
  };
}

export function assertDueAfterIssue(issueDate: string, dueDate: string): void {
  if (dueDate < issueDate) throw Errors.unprocessable('dueDate must not be before issueDate');
}
