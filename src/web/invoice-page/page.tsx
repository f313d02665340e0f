/** The invoice's page: header, actions, the customer's link, the invoice, its messages, payments, history. */
import type { InvoicePage } from '../../invoicing/dashboard-invoice.ts';
import { shownNumber, statusLabel } from '../../render/display.ts';
import { type LocationScope, locationPath } from '../context.ts';
import { renderLocationPage } from '../layout.tsx';
import { Deliveries } from './deliveries.tsx';
import { History } from './history.tsx';
import { Payments, type RecordValues } from './payments.tsx';
import { InvoicePreview } from './preview.tsx';

/** Fixed texts for ?notice= after a redirect (never text from the request). */
export const NOTICES: Record<string, string> = {
  sent: 'The invoice was sent. Its messages are listed below.',
  marked: 'The invoice was marked as sent.',
  resent: 'The message was sent again.',
  payment: 'The payment was recorded.',
  refund: 'The refund was made.',
  void: 'The invoice was voided.',
};

export function pillClass(status: string): string {
  if (status === 'paid') return 'pill pill-paid';
  if (status === 'void') return 'pill pill-void';
  if (status === 'draft') return 'pill pill-draft';
  return 'pill';
}

export function invoiceBase(scope: LocationScope, invoiceId: string): string {
  return locationPath(scope, `/invoices/${encodeURIComponent(invoiceId)}`);
}

export function InvoiceHeading({ page }: { page: InvoicePage }) {
  const { doc } = page;
  return (
    <div class="inv-head">
      <h1>
        <span>Invoice {shownNumber(doc)}</span>{' '}
        <span class={pillClass(doc.status)} id="invoice-status">
          {statusLabel(doc.status)}
        </span>
        {doc.liveMode ? null : (
          <span class="pill pill-test" title="Test mode: not a real request for payment">
            TEST
          </span>
        )}
      </h1>
      <p class="inv-subtitle">
        <span class="inv-strong">{doc.name}</span>
        {doc.contact.name ? <span class="muted"> · for {doc.contact.name}</span> : null}
      </p>
    </div>
  );
}

export function invoicePageHtml(
  scope: LocationScope,
  page: InvoicePage,
  opts: { notice?: string; error?: string; record?: RecordValues; refresh?: number } = {},
): string {
  const { doc } = page;
  const base = invoiceBase(scope, doc.id);
  const sendable = doc.status !== 'void' && doc.status !== 'paid';
  const voidable = doc.status === 'draft' || doc.status === 'sent';
  return renderLocationPage(scope, {
    title: `Invoice ${shownNumber(doc)}`,
    section: 'invoices',
    notice: opts.notice,
    error: opts.error,
    body: (
      <>
        <p class="small">
          <a href={locationPath(scope, '/invoices')}>← All invoices</a>
        </p>
        <InvoiceHeading page={page} />
        <div class="actions inv-actions">
          {doc.status === 'draft' ? (
            <a class="button" href={`${base}/edit`}>
              Edit
            </a>
          ) : null}
          {sendable ? (
            <a class="button" href={`${base}/send`}>
              {doc.status === 'draft' ? 'Send' : 'Send again'}
            </a>
          ) : null}
          <a class="button secondary" href={`${page.publicPath}/pdf`}>
            Download PDF
          </a>
          <a class="button secondary" href={page.publicPath} target="_blank" rel="noopener">
            Open customer page
          </a>
          {voidable ? (
            <a class="button secondary" href={`${base}/void`}>
              Void
            </a>
          ) : null}
        </div>
        <div id="flash"></div>
        <div class="card inv-link">
          <label for="customer-link">Customer link</label>
          <div class="inv-copy">
            <input id="customer-link" readonly value={doc.publicUrl} />
            <button type="button" class="secondary" data-copy="customer-link">
              Copy the customer link
            </button>
          </div>
        </div>
        <div class="inv-grid">
          <div class="inv-main">
            <InvoicePreview doc={doc} />
            <Payments
              scope={scope}
              invoiceId={doc.id}
              status={doc.status}
              currency={doc.currency}
              amountDue={doc.amountDue}
              payments={page.payments}
              refunds={page.refunds}
              values={opts.record}
            />
          </div>
          <div class="inv-side">
            <Deliveries
              scope={scope}
              invoiceId={doc.id}
              deliveries={page.deliveries}
              resendable={sendable}
              refresh={opts.refresh}
            />
            <History entries={page.history} currency={doc.currency} />
          </div>
        </div>
      </>
    ),
  });
}
