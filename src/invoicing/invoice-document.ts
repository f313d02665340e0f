import type { InvoiceDocument } from '../render/document.ts';
import { publicInvoiceUrl, toInvoiceDocument } from '../render/document.ts';
import type { Db } from '../store/db.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { locationBusinessDefaults } from '../store/tenants.ts';

/** An invoice as its renderers see it, with its location's name and email as the business defaults. */
export async function loadInvoiceDocument(
  db: Db,
  stored: StoredInvoice,
  publicUrl: string,
): Promise<InvoiceDocument> {
  const location = await locationBusinessDefaults(db, stored.invoice.location_id);
  return toInvoiceDocument(stored, {
    locationName: location.name,
    locationEmail: location.email,
    publicUrl: publicInvoiceUrl(publicUrl, stored.invoice.public_token),
  });
}
