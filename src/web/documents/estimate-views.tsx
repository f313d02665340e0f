/** The estimates screens' markup: the list, an estimate's page (with its polled status) and its editor. */
import type { VNode } from 'preact';
import type { EstimateHistoryEntry } from '../../domain/estimate.ts';
import type { EstimateView } from '../../invoicing/estimate-view.ts';
import { formatDate } from '../../render/display.ts';
import { type LocationScope, locationPath } from '../context.ts';
import { CsrfField } from '../layout.tsx';
import { ListTable } from '../list-table.tsx';
import type { DraftForm } from './draft.ts';
import { DocumentFields, Field, ModeField, Problems, Select } from './editor.tsx';
import { ModePill, money, Pager, StatusPill } from './page.tsx';

export const PAGE_SIZE = 25;

const estimatePath = (scope: LocationScope, id: string, rest = '') =>
  locationPath(scope, `/estimates/${encodeURIComponent(id)}${rest}`);

const number = (e: EstimateView) => `${e.estimateNumberPrefix}${e.estimateNumber}`;

export function EstimateList(props: {
  scope: LocationScope;
  estimates: EstimateView[];
  total: number;
  page: number;
}): VNode {
  const base = locationPath(props.scope, '/estimates');
  return (
    <>
      <div class="doc-head">
        <h1>Estimates</h1>
        <a class="button" href={`${base}/new`}>
          New estimate
        </a>
      </div>
      {props.estimates.length === 0 ? (
        <p class="card">No estimates yet. Send one; the customer accepts or declines it on its page.</p>
      ) : (
        <ListTable
          columns={[
            { label: 'Number' },
            { label: 'Name' },
            { label: 'Status' },
            { label: 'Contact' },
            { label: 'Expires' },
            { label: 'Total', num: true },
          ]}
          class="doc-list"
        >
          {props.estimates.map((e) => (
            <tr>
              <td data-label="Number">
                <a href={estimatePath(props.scope, e._id)}>{number(e)}</a>
              </td>
              <td data-label="Name">{e.name}</td>
              <td data-label="Status">
                <span class="doc-pills">
                  <StatusPill status={e.estimateStatus} /> <ModePill live={e.liveMode} />
                </span>
              </td>
              <td data-label="Contact">{e.contactDetails.name}</td>
              <td data-label="Expires">{formatDate(e.expiryDate)}</td>
              <td data-label="Total" class="num">
                {money(e.total, e.currency)}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager page={props.page} total={props.total} size={PAGE_SIZE} base={base} />
    </>
  );
}

const ACTIONS: Record<EstimateHistoryEntry['action'], string> = {
  created: 'Created',
  updated: 'Changed',
  sent: 'Sent',
  viewed: 'Viewed by the customer',
  accepted: 'Accepted',
  declined: 'Declined',
  invoiced: 'Converted into an invoice',
};

function who(by: string): string {
  if (by === 'customer') return 'the customer';
  if (by.startsWith('dashboard:')) return 'the dashboard';
  return 'the API';
}

const FINAL = ['accepted', 'declined', 'invoiced'];

/** Status and history, polled every 3 s by htmx until the customer decides (the Refresh link works without JS). */
export function EstimateStatus({ scope, e }: { scope: LocationScope; e: EstimateView }): VNode {
  const polling = !FINAL.includes(e.estimateStatus);
  return (
    <section
      id="estimate-status"
      class="card"
      aria-live="polite"
      hx-get={polling ? estimatePath(scope, e._id, '/status') : undefined}
      hx-trigger={polling ? 'every 3s' : undefined}
      hx-swap={polling ? 'outerHTML' : undefined}
    >
      <h2>
        Status: <StatusPill status={e.estimateStatus} />
      </h2>
      <ol class="timeline">
        {[...e.estimateActionHistory].reverse().map((h) => (
          <li>
            <strong>{ACTIONS[h.action] ?? h.action}</strong>{' '}
            <span class="muted small">
              {h.at.slice(0, 16).replace('T', ' ')} UTC, by {who(h.by)}
            </span>
          </li>
        ))}
      </ol>
      <p class="small">
        <a href={estimatePath(scope, e._id)}>Refresh</a>
      </p>
    </section>
  );
}

export function EstimatePage(props: { scope: LocationScope; e: EstimateView; link: string }): VNode {
  const { scope, e } = props;
  const canSend = ['draft', 'sent', 'accepted'].includes(e.estimateStatus);
  const canConvert = ['sent', 'accepted'].includes(e.estimateStatus) && !e.invoiceId;
  return (
    <>
      <p>
        <a href={locationPath(scope, '/estimates')}>All estimates</a>
      </p>
      <h1>
        Estimate {number(e)} · {e.name}
      </h1>
      <div id="flash"></div>
      <div class="doc-columns">
        <div class="card">
          <dl class="doc-facts">
            <dt>Contact</dt>
            <dd>
              {e.contactDetails.name}
              {e.contactDetails.email ? ` · ${e.contactDetails.email}` : ''}
              {e.contactDetails.phoneNo ? ` · ${e.contactDetails.phoneNo}` : ''}
            </dd>
            <dt>Total</dt>
            <dd>{money(e.total, e.currency)}</dd>
            <dt>Issued · expires</dt>
            <dd>
              {formatDate(e.issueDate)} · {formatDate(e.expiryDate)}
            </dd>
            <dt>Mode</dt>
            <dd>{e.liveMode ? 'Live' : 'Test'}</dd>
          </dl>
          <ul class="doc-lines">
            {e.items.map((i) => (
              <li>
                {i.name} × {i.qty} · {money(i.amount, e.currency)}
              </li>
            ))}
          </ul>
          <label for="customer-link">Customer link</label>
          <div class="doc-copy">
            <input id="customer-link" value={props.link} readOnly />
            <button type="button" class="secondary" data-copy="customer-link">
              Copy
            </button>
          </div>
          <div class="actions">
            {e.estimateStatus === 'draft' ? (
              <a class="button secondary" href={estimatePath(scope, e._id, '/edit')}>
                Edit
              </a>
            ) : null}
            {canConvert ? (
              <form method="post" action={estimatePath(scope, e._id, '/convert')}>
                <CsrfField token={scope.csrfToken} />
                <button type="submit" class="secondary">
                  Convert to invoice
                </button>
              </form>
            ) : null}
            {e.invoiceId ? (
              <a href={locationPath(scope, `/invoices/${encodeURIComponent(e.invoiceId)}`)}>Its invoice</a>
            ) : null}
          </div>
        </div>
        <EstimateStatus scope={scope} e={e} />
      </div>
      {canSend ? (
        <form method="post" action={estimatePath(scope, e._id, '/send')} class="card">
          <h2>{e.estimateStatus === 'draft' ? 'Send it' : 'Send it again'}</h2>
          <CsrfField token={scope.csrfToken} />
          <div class="row">
            <Select
              id="send_action"
              label="How"
              value="email"
              options={[
                ['email', 'Email'],
                ['sms', 'Text message'],
                ['sms_and_email', 'Email and text message'],
                ['send_manually', 'I sent it myself (mark as sent)'],
              ]}
            />
            <ModeField live={!scope.location.testMode} />
          </div>
          <div class="actions">
            <button type="submit">Send</button>
          </div>
        </form>
      ) : null}
    </>
  );
}

export function EstimateEditor(props: {
  scope: LocationScope;
  action: string;
  draft: DraftForm;
  expiryDate: string;
  problems: string[];
  editing: boolean;
}): VNode {
  return (
    <>
      <p>
        <a href={locationPath(props.scope, '/estimates')}>All estimates</a>
      </p>
      <h1>{props.editing ? 'Edit estimate' : 'New estimate'}</h1>
      <Problems problems={props.problems} />
      <form method="post" action={props.action} class="card doc-editor" novalidate>
        <CsrfField token={props.scope.csrfToken} />
        <DocumentFields draft={props.draft} nameLabel="Estimate name">
          <div class="row">
            <Field
              id="expiry_date"
              label="Valid until"
              type="date"
              value={props.expiryDate}
              hint="Empty: 30 days after today"
            />
            <ModeField live={props.draft.live} />
          </div>
        </DocumentFields>
        <div class="actions">
          <button type="submit" name="_action" value="save">
            Save draft
          </button>
        </div>
      </form>
    </>
  );
}
