/** GET /app/l/:locationId/invoices: the location's invoices with tabs, search, date ranges, sorting, pages. */
import type { FastifyPluginAsync } from 'fastify';
import type { InvoiceStatus } from '../../domain/invoice-status.ts';
import { formatMoney, toMinor } from '../../domain/money.ts';
import { listDashboardInvoices } from '../../invoicing/dashboard-invoices.ts';
import type { InvoiceView } from '../../invoicing/invoice-view.ts';
import { listTemplates } from '../../invoicing/templates.ts';
import { formatDate } from '../../render/display.ts';
import { type LocationScope, locationPath, scopeOf } from '../context.ts';
import { renderLocationPage } from '../layout.tsx';
import {
  filtersOf as filtersOfQuery,
  type ListQuery,
  queryString,
  readListQuery,
  SORTS,
  type SortKey,
} from './list-query.ts';
import { noticeText } from './notices.ts';

const TABS: Array<{ label: string; status: InvoiceStatus | ''; unpaid?: boolean }> = [
  { label: 'All', status: '' },
  { label: 'Draft', status: 'draft' },
  { label: 'Sent', status: 'sent' },
  { label: 'Unpaid', status: '', unpaid: true },
  { label: 'Partially paid', status: 'partially_paid' },
  { label: 'Processing', status: 'payment_processing' },
  { label: 'Paid', status: 'paid' },
  { label: 'Void', status: 'void' },
];

export const STATUS_TEXT: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  payment_processing: 'Processing',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  void: 'Void',
};

const SORT_TEXT: Record<SortKey, string> = {
  issueDate: 'Issue date',
  dueDate: 'Due date',
  number: 'Number',
  total: 'Total',
  created: 'Created',
};

const money = (major: number, currency: string) => formatMoney(toMinor(major, currency), currency);

export function StatusPill({ status }: { status: InvoiceStatus }) {
  const kind = status === 'paid' ? 'paid' : status === 'void' ? 'void' : status === 'draft' ? 'draft' : 'due';
  return <span class={`pill pill-${kind}`}>{STATUS_TEXT[status]}</span>;
}

function Filters({ scope, q }: { scope: LocationScope; q: ListQuery }) {
  const date = (name: keyof ListQuery, label: string) => (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <input id={`f-${name}`} type="date" name={name} value={String(q[name])} />
    </div>
  );
  return (
    <form
      method="get"
      action={locationPath(scope, '/invoices')}
      class="card inv-filters"
      hx-get={locationPath(scope, '/invoices')}
      hx-trigger="input changed delay:400ms from:find input[type=search], change"
      hx-target="#invoice-results"
      hx-select="#invoice-results"
      hx-select-oob="#status-tabs"
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      {q.status ? <input type="hidden" name="status" value={q.status} /> : null}
      {q.unpaid ? <input type="hidden" name="unpaid" value="1" /> : null}
      <div class="row">
        <div class="inv-search">
          <label for="f-q">Search</label>
          <input id="f-q" type="search" name="q" value={q.q} placeholder="Name, number, contact" />
        </div>
        <div>
          <label for="f-sort">Sort by</label>
          <select id="f-sort" name="sort">
            {SORTS.map((s) => (
              <option value={s} selected={q.sort === s}>
                {SORT_TEXT[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-order">Order</label>
          <select id="f-order" name="order">
            <option value="desc" selected={q.order === 'desc'}>
              Newest / highest first
            </option>
            <option value="asc" selected={q.order === 'asc'}>
              Oldest / lowest first
            </option>
          </select>
        </div>
        <div>
          <label for="f-mode">Mode</label>
          <select id="f-mode" name="mode">
            <option value="" selected={q.mode === ''}>
              Live and test
            </option>
            <option value="live" selected={q.mode === 'live'}>
              Live only
            </option>
            <option value="test" selected={q.mode === 'test'}>
              Test only
            </option>
          </select>
        </div>
      </div>
      <details
        class="inv-dates"
        open={Boolean(q.from || q.to || q.dueFrom || q.dueTo || q.paidFrom || q.paidTo)}
      >
        <summary>Date ranges</summary>
        <div class="row">
          {date('from', 'Issued from')}
          {date('to', 'Issued to')}
          {date('dueFrom', 'Due from')}
          {date('dueTo', 'Due to')}
          {date('paidFrom', 'Paid from')}
          {date('paidTo', 'Paid to')}
        </div>
      </details>
      <div class="actions">
        <button type="submit">Apply filters</button>
        <a href={locationPath(scope, '/invoices')}>Clear</a>
      </div>
    </form>
  );
}

function Row({ scope, invoice }: { scope: LocationScope; invoice: InvoiceView }) {
  const href = locationPath(scope, `/invoices/${encodeURIComponent(invoice._id)}`);
  return (
    <tr>
      <td data-label="Number">
        <span>
          <a href={href}>{`${invoice.invoiceNumberPrefix}${invoice.invoiceNumber}`}</a>
          {invoice.liveMode ? null : <span class="pill pill-test inv-test">TEST</span>}
        </span>
      </td>
      <td data-label="Name">{invoice.name}</td>
      <td data-label="Contact">{invoice.contactDetails.name}</td>
      <td data-label="Issued">{formatDate(invoice.issueDate)}</td>
      <td data-label="Due">{formatDate(invoice.dueDate)}</td>
      <td data-label="Total" class="num">
        {money(invoice.total, invoice.currency)}
      </td>
      <td data-label="Amount due" class="num">
        {money(invoice.amountDue, invoice.currency)}
      </td>
      <td data-label="Status">
        <StatusPill status={invoice.status} />
      </td>
    </tr>
  );
}

function Results(props: { scope: LocationScope; q: ListQuery; invoices: InvoiceView[]; hasMore: boolean }) {
  const { scope, q, invoices, hasMore } = props;
  const base = locationPath(scope, '/invoices');
  return (
    <div id="invoice-results">
      {invoices.length === 0 ? (
        <p class="card">No invoices match these filters.</p>
      ) : (
        <div class="table-wrap">
          <table class="list stack">
            <caption class="skip">Invoices, page {q.page}</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Name</th>
                <th scope="col">Contact</th>
                <th scope="col">Issued</th>
                <th scope="col">Due</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col" class="num">
                  Amount due
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => (
                <Row scope={scope} invoice={invoice} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        {q.page > 1 ? <a href={`${base}${queryString(q, { page: q.page - 1 })}`}>Previous page</a> : null}
        <span class="muted">Page {q.page}</span>
        {hasMore ? <a href={`${base}${queryString(q, { page: q.page + 1 })}`}>Next page</a> : null}
      </nav>
    </div>
  );
}

const list: FastifyPluginAsync = async (app) => {
  app.get('/invoices', async (request, reply) => {
    const scope = scopeOf(request);
    const raw = request.query as Record<string, unknown>;
    const { query: q, problems } = readListQuery(raw);
    const [{ invoices, hasMore }, templates] = await Promise.all([
      listDashboardInvoices(app.services, scope.location.id, filtersOfQuery(q)),
      listTemplates(app.services, scope.location.id, { limit: 50, offset: 0 }),
    ]);
    const base = locationPath(scope, '/invoices');
    const body = (
      <>
        <div class="inv-head">
          <h1>Invoices</h1>
          <div class="actions">
            <a class="button" href={`${base}/new`}>
              New invoice
            </a>
            {templates.data.length > 0 ? (
              <form method="get" action={`${base}/new`} class="inv-template">
                <label for="from-template">New from template</label>
                <select id="from-template" name="template">
                  {templates.data.map((t) => (
                    <option value={t._id}>{t.name}</option>
                  ))}
                </select>
                <button type="submit" class="secondary">
                  Start
                </button>
              </form>
            ) : null}
          </div>
        </div>
        <nav aria-label="Status" id="status-tabs">
          <ul class="tabs">
            {TABS.map((tab) => {
              const current = tab.unpaid ? q.unpaid : !q.unpaid && q.status === tab.status;
              const href = `${base}${queryString(q, { status: tab.status, unpaid: tab.unpaid === true, page: 1 })}`;
              return (
                <li>
                  <a href={href} aria-current={current ? 'page' : undefined}>
                    {tab.label}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <Filters scope={scope} q={q} />
        <Results scope={scope} q={q} invoices={invoices} hasMore={hasMore} />
      </>
    );
    return reply.type('text/html; charset=utf-8').send(
      renderLocationPage(scope, {
        title: 'Invoices',
        section: 'invoices',
        body,
        notice: noticeText(raw.notice),
        error: problems.length > 0 ? problems.join(' ') : undefined,
      }),
    );
  });
};

export default list;
