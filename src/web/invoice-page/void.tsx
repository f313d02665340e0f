/** GET /invoices/:id/void: "Are you sure?" with the POST button (no script needed to confirm). */
import type { InvoicePage } from '../../invoicing/dashboard-invoice.ts';
import type { LocationScope } from '../context.ts';
import { CsrfField, renderLocationPage } from '../layout.tsx';
import { InvoiceHeading, invoiceBase } from './page.tsx';

export function voidPageHtml(scope: LocationScope, page: InvoicePage, error?: string): string {
  const base = invoiceBase(scope, page.doc.id);
  return renderLocationPage(scope, {
    title: 'Void invoice',
    section: 'invoices',
    error,
    body: (
      <>
        <InvoiceHeading page={page} />
        <form method="post" action={`${base}/void`} class="card" id="void-form">
          <CsrfField token={scope.csrfToken} />
          <h2>Void this invoice?</h2>
          <p>
            Are you sure? A void invoice cannot be paid or sent again, and the customer's page says it was
            voided. This cannot be undone.
          </p>
          <div class="actions">
            <button type="submit" class="danger">
              Void invoice
            </button>
            <a href={base}>Keep the invoice</a>
          </div>
        </form>
      </>
    ),
  });
}
