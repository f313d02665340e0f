import type { InvoiceDocument } from '../render/document.ts';
import { publicInvoiceUrl, toInvoiceDocument } from '../render/document.ts';
import type { Db } from '../store/db.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { listPayments } from '../store/payments.ts';
import { locationBusinessDefaults } from '../store/tenants.ts';

/**
 * An invoice as its renderers see it, with its location's name and email as the business defaults and
 * its ledger (the receipt), so that every output shows the same amounts.
 */
export async function loadInvoiceDocument(
  db: Db,
  stored: StoredInvoice,
  publicUrl: string,
): Promise<InvoiceDocument> {
  const [location, payments] = await Promise.all([
    locationBusinessDefaults(db, stored.invoice.location_id),
    listPayments(db, stored.invoice.id),
  ]);
  return toInvoiceDocument(stored, {
    locationName: location.name,
    locationEmail: location.email,
    locationLogoUrl: location.logo_url,
    publicUrl: publicInvoiceUrl(publicUrl, stored.invoice.public_token),
    payments,
  });
}
