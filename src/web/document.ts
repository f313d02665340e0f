import type { Kysely } from 'kysely';
import { type InvoiceDocument, publicInvoiceUrl, toInvoiceDocument } from '../render/document.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { Database } from '../store/schema.ts';

/** An invoice with what its renderers need from its location (name and email as the business defaults). */
export async function loadInvoiceDocument(
  db: Kysely<Database>,
  stored: StoredInvoice,
  publicUrl: string,
): Promise<InvoiceDocument> {
  const location = await db
    .selectFrom('locations')
    .select(['name', 'email'])
    .where('id', '=', stored.invoice.location_id)
    .executeTakeFirstOrThrow();
  return toInvoiceDocument(stored, {
    locationName: location.name,
    locationEmail: location.email,
    publicUrl: publicInvoiceUrl(publicUrl, stored.invoice.public_token),
  });
}
