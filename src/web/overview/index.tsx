/** The location's overview: GET /app/l/:locationId (issue #13 item 7). */
import type { FastifyPluginAsync } from 'fastify';
import { addDays, monthLabel } from '../../domain/ageing.ts';
import { formatMoney } from '../../domain/money.ts';
import {
  type AgeingFigure,
  type CurrencyOverview,
  locationOverview,
  type PaidMonthFigure,
} from '../../invoicing/overview.ts';
import { formatDate } from '../../render/display.ts';
import { type LocationScope, locationPath, scopeOf } from '../context.ts';
import { renderLocationPage } from '../layout.tsx';
import { type Bar, BarChart, compactMoney } from './chart.tsx';

type Query = Record<string, string | undefined>;

/** A link to the invoice list with these filters (web/invoices reads them). */
export function invoicesLink(scope: LocationScope, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  return locationPath(scope, `/invoices?${params.toString()}`);
}

export const ageingLink = (scope: LocationScope, f: Pick<AgeingFigure, 'dueFrom' | 'dueTo'>) =>
  invoicesLink(scope, { unpaid: '1', dueFrom: f.dueFrom, dueTo: f.dueTo });

export const paidLink = (scope: LocationScope, m: Pick<PaidMonthFigure, 'from' | 'to'>) =>
  invoicesLink(scope, { status: 'paid', paidFrom: m.from, paidTo: m.to });

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function Stat({
  label,
  amount,
  currency,
  href,
}: {
  label: string;
  amount: number;
  currency: string;
  href: string;
}) {
  return (
    <div class="card stat-card">
      <div class="muted small">{label}</div>
      <a class="stat" href={href}>
        {formatMoney(amount, currency)}
      </a>
    </div>
  );
}

function Currency({ scope, c, today }: { scope: LocationScope; c: CurrencyOverview; today: string }) {
  const ageingBars: Bar[] = c.ageing.map((f, i) => ({
    label: f.bucket.label,
    valueLabel: compactMoney(f.amount, c.currency),
    value: f.amount,
    href: ageingLink(scope, f),
    description: `${f.bucket.label}: ${plural(f.count, 'invoice')}, ${formatMoney(f.amount, c.currency)}`,
    tone: i === 0 ? 'ok' : i === 1 ? 'warn' : 'late',
  }));
  const paidBars: Bar[] = c.paid.map((m) => ({
    label: monthLabel(m.month).slice(0, 3),
    valueLabel: compactMoney(m.amount, c.currency),
    value: m.amount,
    href: paidLink(scope, m),
    description: `${monthLabel(m.month)}: ${plural(m.invoices, 'invoice')} paid, ${formatMoney(m.amount, c.currency)}`,
  }));
  const thisMonth = c.paid.at(-1)!;
  const id = c.currency.toLowerCase();
  return (
    <section class="overview-currency" aria-labelledby={`cur-${id}`}>
      <h2 id={`cur-${id}`}>{c.currency}</h2>
      <div class="grid">
        <Stat
          label="Outstanding"
          amount={c.outstanding}
          currency={c.currency}
          href={invoicesLink(scope, { unpaid: '1' })}
        />
        <Stat
          label="Overdue"
          amount={c.overdue}
          currency={c.currency}
          href={invoicesLink(scope, { unpaid: '1', dueTo: addDays(today, -1) })}
        />
        <Stat
          label="Paid this month"
          amount={c.paidThisMonth}
          currency={c.currency}
          href={paidLink(scope, thisMonth)}
        />
      </div>
      <div class="charts">
        <div class="card">
          <h3>Unpaid by days past due</h3>
          <BarChart
            id={`ageing-${id}`}
            title={`Unpaid ${c.currency} invoices by days past due`}
            desc={ageingBars.map((b) => b.description).join('; ')}
            bars={ageingBars}
          />
          <FigureTable
            caption={`Unpaid ${c.currency} invoices by days past due`}
            rows={c.ageing.map((f, i) => ({
              label: f.bucket.label,
              count: f.count,
              amount: formatMoney(f.amount, c.currency),
              href: ageingBars[i]!.href,
            }))}
          />
        </div>
        <div class="card">
          <h3>Paid per month</h3>
          <BarChart
            id={`paid-${id}`}
            title={`${c.currency} paid per month, last 12 months`}
            desc={paidBars.map((b) => b.description).join('; ')}
            bars={paidBars}
          />
          <FigureTable
            caption={`${c.currency} paid per month`}
            rows={c.paid.map((m, i) => ({
              label: monthLabel(m.month),
              count: m.invoices,
              amount: formatMoney(m.amount, c.currency),
              href: paidBars[i]!.href,
            }))}
          />
        </div>
      </div>
    </section>
  );
}

function FigureTable({
  caption,
  rows,
}: {
  caption: string;
  rows: { label: string; count: number; amount: string; href: string }[];
}) {
  return (
    <details class="figures">
      <summary>Show as a table</summary>
      <table class="list">
        <caption class="skip">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" class="num">
              Invoices
            </th>
            <th scope="col" class="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={r.href}>{r.label}</a>
              </td>
              <td class="num">{r.count}</td>
              <td class="num">{r.amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const overview: FastifyPluginAsync = async (app) => {
  app.get('/', async (request, reply) => {
    const scope = scopeOf(request);
    const liveMode = !scope.location.testMode;
    const figures = await locationOverview(app.services, scope.location.id, liveMode);
    const body = (
      <>
        <h1>Overview</h1>
        <p class="muted" id="overview-mode">
          {liveMode
            ? `Live invoices, as of ${formatDate(figures.today)} (UTC).`
            : `Test-mode invoices only (this location is in test mode), as of ${formatDate(figures.today)} on the location's test clock.`}
        </p>
        {figures.currencies.length === 0 ? (
          <div class="card">
            <p>No unpaid or paid invoices yet.</p>
            <p>
              <a class="button" href={locationPath(scope, '/invoices')}>
                Invoices
              </a>
            </p>
          </div>
        ) : (
          figures.currencies.map((c) => <Currency scope={scope} c={c} today={figures.today} />)
        )}
      </>
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(renderLocationPage(scope, { title: 'Overview', section: 'overview', body }));
  });
};

export default overview;
