/**
 * The customer's estimate page (/e/{token}): what is offered, and plain form buttons to accept or decline
 * it. No JavaScript; every value reaches markup as a JSX expression (escaped).
 */
import { formatMoney } from '../domain/money.ts';
import { formatDate } from './display.ts';
import { renderHtmlDocument, staticMarkup } from './html-document.tsx';
import { PAGE_STYLE } from './page-style.ts';

export interface EstimatePageModel {
  businessName: string;
  title: string;
  /** EST-12 */
  number: string;
  contactName: string;
  issueDate: string;
  expiryDate: string;
  currency: string;
  items: Array<{ name: string; description?: string; qty: string; unitPrice: number; lineTotal: number }>;
  /** Minor units. */
  total: number;
  status: 'sent' | 'accepted' | 'declined' | 'invoiced' | 'draft';
  testMode: boolean;
  terms?: string;
  /** When the customer decided, if they did. */
  decidedAt?: string;
  /** Why the buttons are not offered (already decided, expired), or undefined when they are. */
  closed?: string;
  /** A refusal of the last post, shown above the buttons. */
  notice?: string;
}

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
`;

function decision(model: EstimatePageModel) {
  if (model.status === 'accepted' || model.status === 'invoiced')
    return (
      <div class="banner banner-paid">
        Accepted{model.decidedAt ? ` on ${formatDate(model.decidedAt)}` : ''}
      </div>
    );
  if (model.status === 'declined')
    return (
      <div class="banner banner-void">
        Declined{model.decidedAt ? ` on ${formatDate(model.decidedAt)}` : ''}
      </div>
    );
  return null;
}

export function renderEstimatePage(
  model: EstimatePageModel,
  actions: { accept: string; decline: string },
): string {
  const money = (minor: number) => formatMoney(minor, model.currency);
  const body = (
    <body>
      <main class="sheet">
        {model.testMode ? <div class="banner banner-test">TEST estimate: nothing here is binding</div> : null}
        {decision(model)}
        <div class="top">
          <div>
            <p class="business-name">{model.businessName}</p>
          </div>
          <div class="meta">
            <h1>{model.title}</h1>
            <p class="muted">{model.number}</p>
            <dl class="dates">
              <dt>Issued</dt>
              <dd>{formatDate(model.issueDate)}</dd>
              <dt>Valid until</dt>
              <dd>{formatDate(model.expiryDate)}</dd>
            </dl>
          </div>
        </div>
        <section class="bill-to">
          <p class="label">Prepared for</p>
          <p>{model.contactName}</p>
        </section>
        <table class="items">
          <thead>
            <tr>
              <th>Item</th>
              <th class="num">Qty</th>
              <th class="num">Price</th>
              <th class="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {model.items.map((item) => (
              <tr>
                <td>
                  <div class="item-name">{item.name}</div>
                  {item.description ? <div class="item-description">{item.description}</div> : null}
                </td>
                <td class="num" data-label="Qty">
                  {item.qty}
                </td>
                <td class="num" data-label="Price">
                  {money(item.unitPrice)}
                </td>
                <td class="num" data-label="Amount">
                  {money(item.lineTotal)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table class="totals">
          <tbody>
            <tr class="strong">
              <td>Total</td>
              <td>{money(model.total)}</td>
            </tr>
          </tbody>
        </table>
        <section id="pay">
          {model.notice ? <p class="notice notice-error">{model.notice}</p> : null}
          {model.closed ? (
            <p>{model.closed}</p>
          ) : (
            <div class="confirm-buttons">
              <form method="post" action={actions.accept}>
                <button type="submit">Accept estimate</button>
              </form>
              <form method="post" action={actions.decline}>
                <button type="submit" class="secondary">
                  Decline
                </button>
              </form>
            </div>
          )}
        </section>
        {model.terms ? (
          <section class="terms">
            <p class="label">Terms</p>
            <p>{model.terms}</p>
          </section>
        ) : null}
      </main>
    </body>
  );
  return renderHtmlDocument({ head: HEAD, title: `${model.title} ${model.number}`, style: PAGE_STYLE, body });
}
