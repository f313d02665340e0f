/** An invoice template: what a new invoice takes from it when its body leaves the field out. */
import type { BusinessDetails, Discount, InvoiceItemInput, OpaqueObject } from './invoice.ts';

export interface TemplateItem extends InvoiceItemInput {
  _id: string;
}

/** The template's own fields as the API takes them (CreateInvoiceTemplateDto), kept as one document. */
export interface TemplateFields {
  internal?: boolean;
  businessDetails: BusinessDetails;
  items: TemplateItem[];
  discount?: Discount;
  termsNotes?: string;
  title?: string;
  automaticTaxesEnabled?: boolean;
  invoiceNumberPrefix?: string;
  tipsConfiguration?: OpaqueObject;
  lateFeesConfiguration?: OpaqueObject;
  paymentMethods?: OpaqueObject;
  attachments?: OpaqueObject[];
  miscellaneousCharges?: OpaqueObject;
}

/**
 * The invoice fields a template fills in (issue #12): each one the create body leaves out. The template's
 * currency comes with its items, so an invoice never gets items in another currency than its own.
 */
export const TEMPLATE_INVOICE_FIELDS = [
  'businessDetails',
  'discount',
  'termsNotes',
  'title',
  'automaticTaxesEnabled',
  'invoiceNumberPrefix',
  'tipsConfiguration',
  'lateFeesConfiguration',
  'paymentMethods',
  'attachments',
  'miscellaneousCharges',
] as const satisfies ReadonlyArray<keyof TemplateFields>;

/** `body` with what it leaves out taken from the template; the body's own values always win. */
export function fillFromTemplate(
  body: Record<string, unknown>,
  template: { currency: string; fields: TemplateFields },
): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...body };
  for (const field of TEMPLATE_INVOICE_FIELDS) {
    if (filled[field] === undefined && template.fields[field] !== undefined)
      filled[field] = template.fields[field];
  }
  if (filled.items === undefined) filled.items = template.fields.items.map(({ _id, ...item }) => item);
  if (filled.currency === undefined) filled.currency = template.currency;
  if (filled.discount === undefined) filled.discount = { type: 'percentage', value: 0 };
  return filled;
}
