/** The hosted page's receipt (the payments received, from the ledger) and payment schedule. */
import { formatDate } from './display.ts';
import type { InvoiceDocument } from './document.ts';

type Money = (minor: number) => string;

export function Receipt({ doc, money }: { doc: InvoiceDocument; money: Money }) {
  if (doc.payments.length === 0) return null;
  const tips = doc.payments.some((p) => p.tip > 0);
  return (
    <section id="receipt" class="ledger-section">
      <p class="label">{doc.status === 'paid' ? 'Receipt' : 'Payments received'}</p>
      <table class="ledger">
        <thead>
          <tr>
            <th>Paid on</th>
            <th>Method</th>
            <th class="num">Amount</th>
            {tips && <th class="num">Tip</th>}
          </tr>
        </thead>
        <tbody>
          {doc.payments.map((p) => (
            <tr>
              <td>{formatDate(p.paidOn)}</td>
              <td>{p.method}</td>
              <td class="num">
                {money(p.amount)}
                {p.refunded > 0 && <div class="muted small">Refunded {money(p.refunded)}</div>}
              </td>
              {tips && <td class="num">{p.tip > 0 ? money(p.tip) : '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Schedule({ doc, money }: { doc: InvoiceDocument; money: Money }) {
  if (doc.schedule.length === 0) return null;
  return (
    <section id="schedule" class="ledger-section">
      <p class="label">Payment schedule</p>
      <table class="ledger">
        <thead>
          <tr>
            <th>Payment</th>
            <th>Due date</th>
            <th class="num">Amount</th>
            <th class="num">State</th>
          </tr>
        </thead>
        <tbody>
          {doc.schedule.map((entry) => (
            <tr class={entry.paid ? 'entry-paid' : undefined}>
              <td>{entry.name}</td>
              <td>{formatDate(entry.dueDate)}</td>
              <td class="num">{money(entry.amount)}</td>
              <td class="num">
                <span class={entry.paid ? 'pill pill-paid' : 'pill'}>{entry.paid ? 'Paid' : 'Due'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
