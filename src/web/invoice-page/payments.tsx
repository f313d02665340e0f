/** The invoice's ledger on its page: payments with their refunds, a Refund form each, and Record payment. */
import type { InvoiceStatus } from '../../domain/invoice-status.ts';
import { formatMoney } from '../../domain/money.ts';
import { paymentMethodLabel } from '../../render/display.ts';
import type { PaymentRow, RefundRow } from '../../store/schema.ts';
import { type LocationScope, locationPath } from '../context.ts';
import { CsrfField } from '../layout.tsx';

export const RECORD_MODES = [
  ['cash', 'Cash'],
  ['card', 'Card'],
  ['cheque', 'Cheque'],
  ['bank_transfer', 'Bank transfer'],
  ['other', 'Other'],
] as const;

const PAYMENT_STATUS: Record<PaymentRow['status'], string> = {
  succeeded: 'Paid',
  processing: 'Processing',
  failed: 'Failed',
  refunded: 'Refunded',
};

/** What the Record payment form was filled with, to show it again after a refusal. */
export interface RecordValues {
  amount?: string;
  mode?: string;
  date?: string;
  note?: string;
}

function RefundForm({ base, scope, payment }: { base: string; scope: LocationScope; payment: PaymentRow }) {
  const left = payment.amount - payment.refunded_amount;
  const id = `refund-${payment.id}`;
  return (
    <form
      method="post"
      action={`${base}/payments/${encodeURIComponent(payment.id)}/refund`}
      class="inv-inline"
    >
      <CsrfField token={scope.csrfToken} />
      <label for={id}>Refund amount ({payment.currency})</label>
      <input
        id={id}
        name="amount"
        inputmode="decimal"
        placeholder={`All that is left: ${formatMoney(left, payment.currency)}`}
        aria-describedby={`${id}-hint`}
      />
      <button type="submit" class="secondary">
        Refund
      </button>
      <span id={`${id}-hint`} class="small muted">
        Leave empty to refund all that is left.
      </span>
    </form>
  );
}

export function Payments({
  scope,
  invoiceId,
  status,
  currency,
  amountDue,
  payments,
  refunds,
  values,
}: {
  scope: LocationScope;
  invoiceId: string;
  status: InvoiceStatus;
  currency: string;
  amountDue: number;
  payments: PaymentRow[];
  refunds: RefundRow[];
  values?: RecordValues;
}) {
  const base = locationPath(scope, `/invoices/${encodeURIComponent(invoiceId)}`);
  const money = (minor: number, c = currency) => formatMoney(minor, c);
  const canRecord = status === 'sent' || status === 'partially_paid' || status === 'payment_processing';
  return (
    <section class="card" id="payments" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      {payments.length === 0 ? (
        <p class="muted">No payments yet.</p>
      ) : (
        <ul class="inv-payments">
          {payments.map((p) => {
            const own = refunds.filter((r) => r.payment_id === p.id);
            return (
              <li class="inv-payment" data-payment={p.id}>
                <div class="inv-payment-head">
                  <span class="inv-strong">{money(p.amount, p.currency)}</span>
                  <span>{paymentMethodLabel(p)}</span>
                  <span class="muted">{p.fulfilled_at.toISOString().slice(0, 10)}</span>
                  <span class={p.status === 'refunded' ? 'pill pill-void' : 'pill pill-paid'}>
                    {PAYMENT_STATUS[p.status]}
                  </span>
                </div>
                {p.notes ? <p class="small inv-note">Note: {p.notes}</p> : null}
                {p.refunded_amount > 0 ? (
                  <p class="small">Refunded {money(p.refunded_amount, p.currency)}</p>
                ) : null}
                {own.length > 0 ? (
                  <ul class="small inv-refunds">
                    {own.map((r) => (
                      <li>
                        Refund of {money(r.amount, p.currency)} on {r.created_at.toISOString().slice(0, 10)} (
                        {r.status})
                      </li>
                    ))}
                  </ul>
                ) : null}
                {(p.status === 'succeeded' || p.status === 'refunded') && p.amount > p.refunded_amount ? (
                  <RefundForm base={base} scope={scope} payment={p} />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {canRecord ? (
        <form method="post" action={`${base}/payments`} class="inv-record" id="record-payment">
          <h3>Record payment</h3>
          <CsrfField token={scope.csrfToken} />
          <div class="row">
            <div>
              <label for="payment-amount">Amount ({currency})</label>
              <input
                id="payment-amount"
                name="amount"
                inputmode="decimal"
                required
                value={values?.amount ?? ''}
                aria-describedby="payment-amount-hint"
              />
              <span id="payment-amount-hint" class="small muted">
                Due: {money(amountDue)}
              </span>
            </div>
            <div>
              <label for="payment-mode">Method</label>
              <select id="payment-mode" name="mode">
                {RECORD_MODES.map(([value, label]) => (
                  <option value={value} selected={values?.mode === value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="payment-date">Date paid</label>
              <input id="payment-date" name="date" type="date" value={values?.date ?? ''} />
            </div>
          </div>
          <label for="payment-note">Note</label>
          <input id="payment-note" name="note" maxLength={500} value={values?.note ?? ''} />
          <div class="actions">
            <button type="submit">Record payment</button>
          </div>
        </form>
      ) : status === 'draft' ? (
        <p class="muted small">Send the invoice before recording a payment.</p>
      ) : null}
    </section>
  );
}
