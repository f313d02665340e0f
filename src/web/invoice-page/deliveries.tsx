/**
 * The invoice's messages: channel, recipient, queued/sending/sent/failed (with the reason). While one
 * is not final, htmx fetches the section again every 2 seconds; the answer without unfinished messages
 * has no trigger, so polling stops. Without JavaScript a Refresh link reloads the page.
 */
import { renderToString } from 'preact-render-to-string';
import type { InvoiceDelivery } from '../../invoicing/dashboard-invoice.ts';
import { type LocationScope, locationPath } from '../context.ts';
import { CsrfField } from '../layout.tsx';

const STATUS: Record<InvoiceDelivery['status'], string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
};

const KINDS: Record<string, string> = {
  invoice: 'Invoice',
  receipt: 'Receipt',
  payment_failed: 'Failed payment notice',
  reminder: 'Reminder',
};

function pillOf(status: InvoiceDelivery['status']): string {
  if (status === 'sent') return 'pill pill-sent';
  if (status === 'failed') return 'pill pill-failed';
  return 'pill';
}

export const isFinal = (d: InvoiceDelivery) => d.status === 'sent' || d.status === 'failed';

export function Deliveries({
  scope,
  invoiceId,
  deliveries,
  resendable,
  refresh = 0,
}: {
  scope: LocationScope;
  invoiceId: string;
  deliveries: InvoiceDelivery[];
  /** Whether the invoice may be sent again (not void, not paid). */
  resendable: boolean;
  /** How many times the page was refreshed by its link: the next link differs, so it always reloads. */
  refresh?: number;
}) {
  const base = locationPath(scope, `/invoices/${encodeURIComponent(invoiceId)}`);
  const pending = deliveries.some((d) => !isFinal(d));
  const poll = pending
    ? { 'hx-get': `${base}/deliveries`, 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' }
    : {};
  return (
    <section class="card" id="deliveries" aria-labelledby="deliveries-title" {...poll}>
      <h2 id="deliveries-title">Messages</h2>
      {deliveries.length === 0 ? (
        <p class="muted">No messages yet.</p>
      ) : (
        <ul class="inv-deliveries" aria-live="polite">
          {deliveries.map((d) => (
            <li class="inv-delivery" data-delivery={d.id} data-status={d.status}>
              <div>
                <span class="inv-strong">
                  {d.channel === 'sms' ? 'SMS' : 'Email'} · {KINDS[d.kind] ?? d.kind}
                </span>{' '}
                <span class={pillOf(d.status)}>{STATUS[d.status]}</span>
                {d.transport === 'outbox' ? <span class="muted small"> (test outbox)</span> : null}
              </div>
              <div class="small">To {d.recipient}</div>
              {d.status === 'failed' && d.last_error ? (
                <div class="small inv-reason">Reason: {d.last_error}</div>
              ) : null}
              {d.status === 'queued' && d.last_error ? (
                <div class="small muted">Retrying after: {d.last_error}</div>
              ) : null}
              {isFinal(d) && resendable && d.kind === 'invoice' ? (
                <form method="post" action={`${base}/deliveries/${encodeURIComponent(d.id)}/resend`}>
                  <CsrfField token={scope.csrfToken} />
                  <button type="submit" class="secondary">
                    Resend
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {pending ? (
        <p class="small muted">
          Sending… <a href={`${base}?refresh=${refresh + 1}#deliveries`}>Refresh</a>
        </p>
      ) : null}
    </section>
  );
}

/** The section alone, for htmx's polling (GET /invoices/:id/deliveries). */
export function deliveriesHtml(
  scope: LocationScope,
  invoiceId: string,
  deliveries: InvoiceDelivery[],
  resendable: boolean,
): string {
  return renderToString(
    <Deliveries scope={scope} invoiceId={invoiceId} deliveries={deliveries} resendable={resendable} />,
  );
}
