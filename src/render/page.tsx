/**
 * The customer's hosted invoice page (GET /i/{token}): one self-contained HTML document, inline CSS, no
 * scripts. The only outside resource is the business's own logo (http(s) URLs only), fetched without a
 * Referer so the page's secret token never leaks to the logo's host.
 */
import { formatMoney } from '../domain/money.ts';
import { addressLines, formatDate, shownNumber, statusLabel } from './display.ts';
import type { InvoiceDocument } from './document.ts';
import { renderHtmlDocument, staticMarkup } from './html-document.tsx';
import type { PageState } from './page-model.ts';
import { PayArea } from './page-pay.tsx';
import { Receipt, Schedule } from './page-payments.tsx';
import { PAGE_STYLE } from './page-style.ts';
import { htmlToText } from './terms.ts';
import { safeHttpUrl } from './urls.ts';

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
`;

// While a provider confirms a payment the page looks again by itself (no script needed).
const HEAD_REFRESHING = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="refresh" content="5">
`;

interface PageProps {
  doc: InvoiceDocument;
  money: (minor: number) => string;
}

function Lines({ values }: { values: Array<string | undefined> }) {
  const present = values.filter((v): v is string => Boolean(v?.trim()));
  if (present.length === 0) return null;
  return (
    <ul class="lines muted small">
      {present.map((value) => (
        <li>{value}</li>
      ))}
    </ul>
  );
}

function Banners({ doc, state }: { doc: InvoiceDocument; state: PageState }) {
  return (
    <>
      {state.thanks && (
        <div class="banner banner-paid" role="status">
          Thank you! Your payment was received.
        </div>
      )}
      {state.error && !state.pay && (
        <div class="banner banner-void" role="alert">
          {state.error}
        </div>
      )}
      {doc.status === 'void' && (
        <div class="banner banner-void" role="status">
          This invoice has been voided
        </div>
      )}
      {doc.status === 'paid' && (
        <div class="banner banner-paid" role="status">
          This invoice has been paid
        </div>
      )}
      {!doc.liveMode && (
        <div class="banner banner-test" role="note">
          Test mode: this invoice is not a real request for payment
        </div>
      )}
    </>
  );
}

function From({ doc }: { doc: InvoiceDocument }) {
  const logo = safeHttpUrl(doc.business.logoUrl);
  const website = safeHttpUrl(doc.business.website);
  return (
    <div class="from">
      {logo && <img class="logo" src={logo} alt="" referrerpolicy="no-referrer" />}
      <p class="business-name">{doc.business.name}</p>
      <Lines values={[...addressLines(doc.business.address), doc.business.phoneNo, doc.business.email]} />
      {website && (
        <p class="small">
          <a href={website} rel="noopener noreferrer">
            {doc.business.website}
          </a>
        </p>
      )}
    </div>
  );
}

function pillClass(status: InvoiceDocument['status']): string {
  if (status === 'void') return 'pill pill-void';
  if (status === 'paid') return 'pill pill-paid';
  return 'pill';
}

function Facts({ doc, money }: PageProps) {
  return (
    <div class="meta">
      <h1>{pageHeading(doc)}</h1>
      <span class={pillClass(doc.status)}>{statusLabel(doc.status)}</span>
      <dl class="dates">
        <dt>Issue date</dt>
        <dd>{formatDate(doc.issueDate)}</dd>
        <dt>Due date</dt>
        <dd>{formatDate(doc.dueDate)}</dd>
      </dl>
      {doc.status === 'void' ? (
        <div class="due">
          Nothing is due<strong id="amount-due">Void</strong>
        </div>
      ) : (
        <div class="due">
          Amount due<strong id="amount-due">{money(doc.amountDue)}</strong>
        </div>
      )}
    </div>
  );
}

function BillTo({ doc }: { doc: InvoiceDocument }) {
  const { contact } = doc;
  return (
    <section class="bill-to">
      <p class="label">Bill to</p>
      <div class="item-name">{contact.name}</div>
      <Lines
        values={[contact.companyName, ...addressLines(contact.address), contact.email, contact.phoneNo]}
      />
    </section>
  );
}

function Items({ doc, money }: PageProps) {
  return (
    <table class="items">
      <thead>
        <tr>
          <th>Item</th>
          <th class="num">Qty</th>
          <th class="num">Unit price</th>
          <th class="num">Amount</th>
        </tr>
      </thead>
      <tbody>
        {doc.items.map((item) => (
          <tr>
            <td>
              <div class="item-name">{item.name}</div>
              {item.description && <div class="item-description">{item.description}</div>}
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
      </tbody>
    </table>
  );
}

interface TotalRow {
  label: string;
  value: string;
  strong?: boolean;
}

function totalRows(doc: InvoiceDocument, money: (minor: number) => string): TotalRow[] {
  const rows: TotalRow[] = [{ label: 'Subtotal', value: money(doc.subTotal) }];
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

function Totals({ doc, money }: PageProps) {
  return (
    <table class="totals">
      {totalRows(doc, money).map((row) => (
        <tr class={row.strong ? 'strong' : undefined}>
          <td>{row.label}</td>
          <td>{row.value}</td>
        </tr>
      ))}
    </table>
  );
}

function Terms({ doc }: { doc: InvoiceDocument }) {
  const terms = doc.termsNotes ? htmlToText(doc.termsNotes) : '';
  if (!terms) return null;
  return (
    <section class="terms">
      <p class="label">Terms &amp; notes</p>
      <p>{terms}</p>
    </section>
  );
}

function pageHeading(doc: InvoiceDocument): string {
  return `${doc.title || 'Invoice'} ${shownNumber(doc)}`;
}

/** The page; `state` adds its Pay section and a checkout's outcome (none: the invoice alone). */
export function renderInvoicePage(doc: InvoiceDocument, opts: { pdfUrl: string; state?: PageState }): string {
  const state = opts.state ?? {};
  const money = (minor: number) => formatMoney(minor, doc.currency);
  const body = (
    <body>
      <main class="sheet">
        <Banners doc={doc} state={state} />
        <header class="top">
          <From doc={doc} />
          <Facts doc={doc} money={money} />
        </header>
        <BillTo doc={doc} />
        <Items doc={doc} money={money} />
        <Totals doc={doc} money={money} />
        <Receipt doc={doc} money={money} />
        <Schedule doc={doc} money={money} />
        <PayArea section={state.pay} error={state.error} money={money} />
        <Terms doc={doc} />
        <footer class="footer">
          <a class="download" href={opts.pdfUrl} download>
            Download PDF
          </a>
          <span class="muted small">{doc.business.name}</span>
        </footer>
      </main>
    </body>
  );
  const title = `${pageHeading(doc)} from ${doc.business.name}`;
  const head = state.pay?.kind === 'confirming' ? HEAD_REFRESHING : HEAD;
  return renderHtmlDocument({ head, title, style: PAGE_STYLE, body });
}
