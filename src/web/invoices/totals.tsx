/**
 * The editor's totals box: computed by the same domain function createInvoice and updateInvoice store
 * totals with (domain/totals.ts), so the preview and the stored invoice agree to the minor unit.
 */
import { formatMoney } from '../../domain/money.ts';
import { computeTotals, type InvoiceTotals } from '../../domain/totals.ts';
import { AppError } from '../../errors.ts';
import type { EditorForm } from './form.ts';
import { checkMoney } from './form-check.ts';

/** A use case's field path ("items.0.amount ...") in the editor's words ("Item 1: amount ..."). */
export function humanProblem(message: string): string {
  return message
    .replace(/^(?:items|invoiceItems)\.(\d+)\.?/, (_, i) => `Item ${Number(i) + 1}: `)
    .replace(/^discount\.value/, 'The discount')
    .replace(/^lateFeesConfiguration\./, 'Late fees: ');
}

export function problemsOf(error: AppError): string[] {
  const list = Array.isArray(error.messages) ? error.messages : [error.messages];
  return list.map(humanProblem);
}

export type TotalsResult = { totals: InvoiceTotals; currency: string } | { problems: string[] };

export function totalsOf(form: EditorForm): TotalsResult {
  const checked = checkMoney(form);
  if ('problems' in checked) return checked;
  try {
    const { currency, items, discount } = checked.ok;
    return { totals: computeTotals(currency, items, discount), currency };
  } catch (err) {
    if (err instanceof AppError) return { problems: problemsOf(err) };
    throw err;
  }
}

export function Totals({ result, previewUrl }: { result: TotalsResult; previewUrl: string }) {
  return (
    <section
      id="totals"
      class="card inv-totals"
      aria-labelledby="totals-title"
      aria-live="polite"
      hx-post={previewUrl}
      hx-trigger="input delay:300ms from:#invoice-form, change from:#invoice-form"
      hx-include="#invoice-form"
      hx-target="#totals-body"
      hx-swap="innerHTML"
      hx-sync="this:replace"
    >
      <h2 id="totals-title">Totals</h2>
      <div id="totals-body">
        <TotalsBody result={result} />
      </div>
    </section>
  );
}

/** What the preview endpoint answers: the inside of the totals box (the box keeps its trigger). */
export function TotalsBody({ result }: { result: TotalsResult }) {
  return 'problems' in result ? (
    <ul class="inv-problems">
      {result.problems.map((p) => (
        <li>{p}</li>
      ))}
    </ul>
  ) : (
    <TotalsTable totals={result.totals} currency={result.currency} />
  );
}

function TotalsTable({ totals, currency }: { totals: InvoiceTotals; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <table class="inv-sums">
      <tbody>
        <tr>
          <th scope="row">Subtotal</th>
          <td class="num" data-minor={totals.subTotal}>
            {money(totals.subTotal)}
          </td>
        </tr>
        {totals.discountTotal > 0 ? (
          <tr>
            <th scope="row">Discount</th>
            <td class="num" data-minor={totals.discountTotal}>
              −{money(totals.discountTotal)}
            </td>
          </tr>
        ) : null}
        {totals.taxes.map((t) => (
          <tr>
            <th scope="row">
              {t.name} ({t.rate}%)
            </th>
            <td class="num" data-minor={t.amount}>
              {money(t.amount)}
            </td>
          </tr>
        ))}
        <tr class="inv-total">
          <th scope="row">Total</th>
          <td class="num" id="total-amount" data-minor={totals.total}>
            {money(totals.total)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
