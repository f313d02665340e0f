/** Tables about an invoice's documents: templates and visits (migration 013), the PDF cache (011). */
import type { ColumnType, Generated } from 'kysely';
import type { TemplateFields } from '../domain/template.ts';

export type TemplateKind = 'invoice' | 'estimate';

type BigInt8 = ColumnType<number, number | bigint | string, number | bigint | string>;
type Json<T> = ColumnType<T, string, string>;

export interface InvoiceTemplatesTable {
  id: string;
  location_id: string;
  company_id: string;
  name: string;
  currency: string;
  total: BigInt8;
  fields: Json<TemplateFields>;
  /** 'invoice' or 'estimate' (migration 015). */
  kind: ColumnType<TemplateKind, TemplateKind | undefined, TemplateKind>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface InvoiceVisitsTable {
  invoice_id: string;
  location_id: string;
  last_visited_at: ColumnType<Date, Date | string, Date | string>;
}

/** The last rendered PDF of each invoice, for the version of its document it was drawn from. */
export interface PdfCacheTable {
  invoice_id: string;
  version: string;
  pdf: Buffer;
  created_at: Generated<Date>;
}
