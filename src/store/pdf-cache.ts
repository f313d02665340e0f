import type { Db } from './db.ts';

/** The cached PDF of `invoiceId` when it was drawn from this `version` of its document. */
export async function findCachedPdf(db: Db, invoiceId: string, version: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('pdf_cache')
    .select('pdf')
    .where('invoice_id', '=', invoiceId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.pdf;
}

/** Keeps `pdf` as the invoice's cached PDF; concurrent renders of one version write the same bytes. */
export async function saveCachedPdf(db: Db, invoiceId: string, version: string, pdf: Buffer): Promise<void> {
  await db
    .insertInto('pdf_cache')
    .values({ invoice_id: invoiceId, version, pdf })
    .onConflict((oc) => oc.column('invoice_id').doUpdateSet({ version, pdf, created_at: new Date() }))
    .execute();
}
