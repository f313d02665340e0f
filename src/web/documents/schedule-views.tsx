/** The schedules screens' markup: the list, a schedule's page and its editor. */
import type { VNode } from 'preact';
import type { ScheduleView } from '../../invoicing/schedule-view.ts';
import { formatDate } from '../../render/display.ts';
import { type LocationScope, locationPath } from '../context.ts';
import { CsrfField } from '../layout.tsx';
import { ListTable } from '../list-table.tsx';
import type { DraftForm } from './draft.ts';
import { DocumentFields, ModeField, Problems } from './editor.tsx';
import { ModePill, money, Pager, StatusPill } from './page.tsx';
import { type RuleDraft, RuleFields, ruleSummary, whenIn } from './schedule-rule.tsx';

export const PAGE_SIZE = 25;

export function ScheduleList(props: {
  scope: LocationScope;
  schedules: ScheduleView[];
  total: number;
  page: number;
}): VNode {
  const base = locationPath(props.scope, '/schedules');
  return (
    <>
      <div class="doc-head">
        <h1>Schedules</h1>
        <a class="button" href={`${base}/new`}>
          New schedule
        </a>
      </div>
      {props.schedules.length === 0 ? (
        <p class="card">No schedules yet. A schedule makes and sends an invoice on the days its rule says.</p>
      ) : (
        <ListTable
          columns={[
            { label: 'Name' },
            { label: 'Status' },
            { label: 'Repeats' },
            { label: 'Next run' },
            { label: 'Contact' },
            { label: 'Total', num: true },
          ]}
          class="doc-list"
        >
          {props.schedules.map((s) => (
            <tr>
              <td data-label="Name">
                <a href={`${base}/${encodeURIComponent(s._id)}`}>{s.name}</a>
              </td>
              <td data-label="Status">
                <span class="doc-pills">
                  <StatusPill status={s.status} /> <ModePill live={s.liveMode} />
                </span>
              </td>
              <td data-label="Repeats">{ruleSummary(s.schedule, s.timezone)}</td>
              <td data-label="Next run">{s.nextRunAt ? whenIn(s.nextRunAt, s.timezone) : '—'}</td>
              <td data-label="Contact">{s.contactDetails.name}</td>
              <td data-label="Total" class="num">
                {money(s.total, s.currency)}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager page={props.page} total={props.total} size={PAGE_SIZE} base={base} />
    </>
  );
}

const OPEN = ['draft', 'active'];

function Action(props: {
  scope: LocationScope;
  action: string;
  label: string;
  kind?: 'secondary' | 'danger';
}): VNode {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.scope.csrfToken} />
      <button type="submit" class={props.kind}>
        {props.label}
      </button>
    </form>
  );
}

export function SchedulePage({ scope, s }: { scope: LocationScope; s: ScheduleView }): VNode {
  const base = locationPath(scope, `/schedules/${encodeURIComponent(s._id)}`);
  return (
    <>
      <p>
        <a href={locationPath(scope, '/schedules')}>All schedules</a>
      </p>
      <h1>{s.name}</h1>
      <div class="card">
        <dl class="doc-facts">
          <dt>Status</dt>
          <dd>
            <span class="doc-pills">
              <StatusPill status={s.status} /> <ModePill live={s.liveMode} />
            </span>
          </dd>
          <dt>Repeats</dt>
          <dd>{ruleSummary(s.schedule, s.timezone)}</dd>
          <dt>Next run</dt>
          <dd id="next-run">
            {s.nextRunAt ? whenIn(s.nextRunAt, s.timezone) : s.status === 'draft' ? 'Not active yet' : 'None'}
          </dd>
          <dt>Contact</dt>
          <dd>
            {s.contactDetails.name}
            {s.contactDetails.email ? ` · ${s.contactDetails.email}` : ''}
            {s.contactDetails.phoneNo ? ` · ${s.contactDetails.phoneNo}` : ''}
          </dd>
          <dt>Each invoice</dt>
          <dd>{money(s.total, s.currency)}</dd>
          <dt>Auto-payment</dt>
          <dd>{s.autoPayment?.enable ? 'On (set through the API)' : 'Off'}</dd>
        </dl>
        <div class="actions">
          {OPEN.includes(s.status) ? (
            <a class="button secondary" href={`${base}/edit`}>
              Edit
            </a>
          ) : null}
          {s.status === 'draft' ? (
            <Action scope={scope} action={`${base}/activate`} label="Activate" />
          ) : null}
          {OPEN.includes(s.status) ? (
            <Action scope={scope} action={`${base}/cancel`} label="Cancel schedule" kind="danger" />
          ) : null}
          <Action scope={scope} action={`${base}/delete`} label="Delete" kind="secondary" />
        </div>
        <p class="muted small">
          Deleting a schedule keeps the invoices it made. A schedule cannot be paused: cancel it to stop its
          runs (for good), or edit its dates.
        </p>
      </div>
      <h2>Items</h2>
      <ListTable
        columns={[{ label: 'Item' }, { label: 'Price', num: true }, { label: 'Quantity', num: true }]}
        class="doc-list"
      >
        {s.items.map((i) => (
          <tr>
            <td data-label="Item">
              {i.name}
              {i.description ? <div class="muted small">{i.description}</div> : null}
            </td>
            <td data-label="Price" class="num">
              {money(i.amount, s.currency)}
            </td>
            <td data-label="Quantity" class="num">
              {i.qty}
            </td>
          </tr>
        ))}
      </ListTable>
      <h2>Invoices it made</h2>
      {s.invoices.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <ul class="doc-invoices" id="schedule-invoices">
          {s.invoices.map((inv) => (
            <li>
              <a href={locationPath(scope, `/invoices/${encodeURIComponent(inv._id)}`)}>
                {inv.invoiceNumberPrefix}
                {inv.invoiceNumber}
              </a>{' '}
              · {formatDate(inv.issueDate)} · {money(inv.total, inv.currency)} ·{' '}
              <StatusPill status={inv.status} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ScheduleEditor(props: {
  scope: LocationScope;
  action: string;
  draft: DraftForm;
  rule: RuleDraft;
  problems: string[];
  status?: string;
}): VNode {
  const creating = props.status === undefined;
  return (
    <>
      <p>
        <a href={locationPath(props.scope, '/schedules')}>All schedules</a>
      </p>
      <h1>{creating ? 'New schedule' : 'Edit schedule'}</h1>
      <Problems problems={props.problems} />
      <form method="post" action={props.action} class="card doc-editor" novalidate>
        <CsrfField token={props.scope.csrfToken} />
        <DocumentFields draft={props.draft} nameLabel="Schedule name">
          <RuleFields rule={props.rule} />
          <div class="row">
            <ModeField live={props.draft.live} label="Invoices are made in" />
          </div>
        </DocumentFields>
        <div class="actions">
          <button type="submit" name="_action" value="save">
            {creating ? 'Save as draft' : 'Save'}
          </button>
          {props.status === 'active' ? null : (
            <button type="submit" class="secondary" name="_action" value="activate">
              Save and activate
            </button>
          )}
        </div>
      </form>
    </>
  );
}
