/** Invoice templates per location (issue #12 item 1): create, read, list, change, delete. */
import { objectId } from '../domain/ids.ts';
import type { BusinessDetails, Discount, InvoiceItemInput, OpaqueObject } from '../domain/invoice.ts';
import { toMajor } from '../domain/money.ts';
import { fillFromTemplate, type TemplateFields } from '../domain/template.ts';
import { computeTotals } from '../domain/totals.ts';
import { Errors } from '../errors.ts';
import {
  deleteTemplateRow,
  findTemplate,
  insertTemplate,
  listTemplateRows,
  lockTemplate,
  type TemplateFilter,
  type TemplateRow,
  updateTemplateRow,
} from '../store/templates.ts';
import type { Actor, StoreContext } from './context.ts';

/** CreateInvoiceTemplateDto (and UpdateInvoiceTemplateDto's fields), as the route has validated it. */
export interface TemplateInput extends Omit<TemplateFields, 'items'> {
  altId: string;
  name: string;
  currency: string;
  items: InvoiceItemInput[];
}

export interface TemplateView {
  _id: string;
  altId: string;
  altType: 'location';
  name: string;
  internal?: boolean;
  businessDetails: BusinessDetails;
  currency: string;
  discount: Discount;
  items: TemplateFields['items'];
  termsNotes?: string;
  title?: string;
  automaticTaxesEnabled?: boolean;
  invoiceNumberPrefix: string;
  tipsConfiguration?: OpaqueObject;
  lateFeesConfiguration?: OpaqueObject;
  paymentMethods?: OpaqueObject;
  attachments?: OpaqueObject[];
  miscellaneousCharges?: OpaqueObject;
  total: number;
  createdAt: string;
  updatedAt: string;
}

const NO_DISCOUNT: Discount = { type: 'percentage', value: 0 };

export function templateView(row: TemplateRow): TemplateView {
  const { fields } = row;
  return {
    ...fields,
    _id: row.id,
    altId: row.location_id,
    altType: 'location',
    name: row.name,
    currency: row.currency,
    discount: fields.discount ?? NO_DISCOUNT,
    invoiceNumberPrefix: fields.invoiceNumberPrefix ?? 'INV-',
    total: toMajor(row.total, row.currency),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The template's columns from its input: amounts checked as an invoice's are (422 on a bad one). */
function templateWrite(input: TemplateInput, kept: Partial<TemplateFields> = {}) {
  const { altId: _altId, name, currency, items, ...rest } = input;
  const totals = computeTotals(currency, items, input.discount ?? NO_DISCOUNT);
  const fields: TemplateFields = {
    ...kept,
    ...rest,
    items: items.map((item) => ({ _id: objectId(), ...item })),
  };
  return { name, currency, total: totals.total, fields };
}

const notFound = () => Errors.notFound('Template not found');

export async function createTemplate(
  ctx: StoreContext,
  actor: Actor,
  input: TemplateInput,
): Promise<TemplateView> {
  const row = await insertTemplate(ctx.store.db, {
    id: objectId(),
    location_id: input.altId,
    company_id: actor.companyId,
    ...templateWrite(input),
  });
  return templateView(row);
}

export async function getTemplate(ctx: StoreContext, locationId: string, id: string): Promise<TemplateView> {
  const row = await findTemplate(ctx.store.db, locationId, id);
  if (!row) throw notFound();
  return templateView(row);
}

export async function listTemplates(
  ctx: StoreContext,
  locationId: string,
  filter: TemplateFilter,
): Promise<{ data: TemplateView[]; totalCount: number }> {
  const { rows, total } = await listTemplateRows(ctx.store.db, locationId, filter);
  return { data: rows.map(templateView), totalCount: total };
}

/** Fields of the template the update DTO does not carry; an update keeps them. */
const KEPT_ON_UPDATE = [
  'automaticTaxesEnabled',
  'invoiceNumberPrefix',
  'tipsConfiguration',
  'lateFeesConfiguration',
  'paymentMethods',
  'attachments',
] as const satisfies ReadonlyArray<keyof TemplateFields>;

/** PUT: the DTO's fields replace the template's; the ones it does not have are kept. */
export async function updateTemplate(
  ctx: StoreContext,
  id: string,
  input: TemplateInput,
): Promise<TemplateView> {
  return changeTemplate(ctx, input.altId, id, (current) => {
    const kept: Partial<TemplateFields> = {};
    for (const field of KEPT_ON_UPDATE) Object.assign(kept, { [field]: current.fields[field] });
    return templateWrite(input, kept);
  });
}

/** The PATCH operations: one configuration of the template replaced, the rest as it was. */
export async function configureTemplate(
  ctx: StoreContext,
  locationId: string,
  id: string,
  change: Pick<TemplateFields, 'lateFeesConfiguration' | 'paymentMethods'>,
): Promise<TemplateView> {
  return changeTemplate(ctx, locationId, id, (current) => ({
    name: current.name,
    currency: current.currency,
    total: current.total,
    fields: { ...current.fields, ...change },
  }));
}

async function changeTemplate(
  ctx: StoreContext,
  locationId: string,
  id: string,
  next: (current: TemplateRow) => ReturnType<typeof templateWrite>,
): Promise<TemplateView> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const current = await lockTemplate(trx, locationId, id);
    if (!current) throw notFound();
    const row = await updateTemplateRow(trx, locationId, id, next(current));
    return templateView(row!);
  });
}

export async function deleteTemplate(ctx: StoreContext, locationId: string, id: string): Promise<void> {
  if (!(await deleteTemplateRow(ctx.store.db, locationId, id))) throw notFound();
}

/**
 * A create-invoice body that names a template (`templateId`, our addition): what it leaves out comes from
 * that template of the same location (a 400 for any other id). Validation then runs on the result.
 */
export async function invoiceBodyFromTemplate(
  ctx: StoreContext,
  locationId: string,
  templateId: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const row = await findTemplate(ctx.store.db, locationId, templateId);
  if (!row) throw Errors.badRequest(`templateId ${templateId} is not a template of this location`);
  return fillFromTemplate(body, row);
}
