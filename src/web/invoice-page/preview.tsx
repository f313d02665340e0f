/**
 * The invoice as its customer sees it, from the same document model as the hosted page, the email and
 * the PDF (render/document.ts), drawn with the dashboard's classes (its CSP allows no inline styles).
 */
import { formatMoney } from '../../domain/money.ts';
import { addressLines, formatDate, shownNumber } from '../../render/display.ts';
import type { InvoiceDocument } from '../../render/document.ts';
import { htmlToText } from '../../render/terms.ts';
import { ListTable } from '../list-table.tsx';

function Lines({ values }: { values: Array<string | undefined> }) {
  const present = values.filter((v): v is string => Boolean(v?.trim()));
  if (present.length === 0) return null;
  return (
    <ul class="inv-lines muted small">
      {present.map((v) => (
        <li>{v}</li>
      ))}
    </ul>
  );
}

function totals(doc: InvoiceDocument, money: (m: number) => string) {
  const rows: Array<{ label: string; value: string; strong?: boolean }> = [
    { label: 'Subtotal', value: money(doc.subTotal) },
  ];
  if (doc.discountTotal !== 0) {
    const label = doc.discount.type === 'percentage' ? `Discount (${doc.discount.value}%)` : 'Discount';
    rows.push({ label, value: `-${money(doc.discountTotal)}` });
  }
  for (const tax of doc.taxes) rows.push({ label: `${tax.name} (${tax.rate}%)`, value: money(tax.amount) });
  if (doc.lateFees > 0) rows.push({ label: 'Late fees', value: money(doc.lateFees) });
  rows.push({ label: 'Total', value: money(doc.total), strong: true });
  rows.push({ label: 'Amount paid', value: money(doc.amountPaid) });
  rows.push({ label: 'Amount due', value: money(doc.amountDue), strong: true });
  return rows;
}

export function InvoicePreview({ doc }: { doc: InvoiceDocument }) {
  const money = (minor: number) => formatMoney(minor, doc.currency);
  const terms = doc.termsNotes ? htmlToText(doc.termsNotes) : '';
  return (
    <section class="card inv-sheet" aria-labelledby="preview-title">
      <h2 id="preview-title" class="inv-sheet-title">
        {doc.title || 'Invoice'} {shownNumber(doc)}
      </h2>
      <div class="inv-parties">
        <div>
          <p class="inv-label">From</p>
          <p class="inv-strong">{doc.business.name}</p>
          <Lines values={[...addressLines(doc.business.address), doc.business.phoneNo, doc.business.email]} />
        </div>
        <div>
          <p class="inv-label">Bill to</p>
          <p class="inv-strong">{doc.contact.name}</p>
          <Lines
            values={[
              doc.contact.companyName,
              ...addressLines(doc.contact.address),
              doc.contact.email,
              doc.contact.phoneNo,
            ]}
          />
        </div>
        <dl class="inv-dates">
          <dt>Issue date</dt>
          <dd>{formatDate(doc.issueDate)}</dd>
          <dt>Due date</dt>
          <dd>{formatDate(doc.dueDate)}</dd>
        </dl>
      </div>
      <ListTable
        columns={[
          { label: 'Item' },
          { label: 'Qty', num: true },
          { label: 'Unit price', num: true },
          { label: 'Amount', num: true },
        ]}
        class="inv-items"
      >
        {doc.items.map((item) => (
          <tr>
            <td data-label="Item">
              <span class="inv-strong">{item.name}</span>
              {item.description ? <span class="muted small inv-desc">{item.description}</span> : null}
            </td>
            <td class="num" data-label="Qty">
              {item.qty}
            </td>
            <td class="num" data-label="Unit price">
              {money(item.unitAmount)}
            </td>
            <td class="num" data-label="Amount">
              {money(item.lineTotal)}
            </td>
          </tr>
        ))}
      </ListTable>
      <table class="inv-totals" aria-label="Totals">
        <tbody>
          {totals(doc, money).map((row) => (
            <tr class={row.strong ? 'inv-strong' : undefined}>
              <th scope="row">{row.label}</th>
              <td class="num">{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {doc.schedule.length > 0 ? (
        <>
          <h3 class="inv-label">Payment schedule</h3>
          <ul class="inv-lines small">
            {doc.schedule.map((e) => (
              <li>
                {e.name}: {money(e.amount)}, due {formatDate(e.dueDate)}
                {e.paid ? ' (paid)' : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {terms ? (
        <>
          <h3 class="inv-label">Terms &amp; notes</h3>
          <p class="small">{terms}</p>
        </>
      ) : null}
    </section>
  );
}
