/**
 * Estimate templates (issue #12 item 3): rows of invoice_templates of kind 'estimate', through the same
 * statements as invoice templates. `preview` answers the template as a new estimate takes it.
 */
import { objectId } from '../domain/ids.ts';
import type { BusinessDetails, Discount, InvoiceItemInput, OpaqueObject } from '../domain/invoice.ts';
import { toMajor } from '../domain/money.ts';
import type { TemplateFields } from '../domain/template.ts';
import { computeTotals } from '../domain/totals.ts';
import { Errors } from '../errors.ts';
import {
  deleteTemplateRow,
  findTemplate,
  insertTemplate,
  listTemplateRows,
  lockTemplate,
  type TemplateRow,
  updateTemplateRow,
} from '../store/templates.ts';
import type { Actor, StoreContext } from './context.ts';
import { DEFAULT_ESTIMATE_PREFIX } from './estimates.ts';

/** EstimateTemplatesDto, as the route has validated it. */
export interface EstimateTemplateInput {
  altId: string;
  name: string;
  businessDetails: BusinessDetails;
  currency: string;
  items: InvoiceItemInput[];
  liveMode?: boolean;
  discount: Discount;
  termsNotes?: string;
  title?: string;
  automaticTaxesEnabled?: boolean;
  meta?: OpaqueObject;
  sendEstimateDetails?: OpaqueObject;
  estimateNumberPrefix?: string;
  attachments?: OpaqueObject[];
  miscellaneousCharges?: OpaqueObject;
}

type Stored = Omit<EstimateTemplateInput, 'altId' | 'name' | 'currency' | 'items'> & {
  items: TemplateFields['items'];
};

const KIND = 'estimate';
const notFound = () => Errors.notFound('Estimate template not found');

export function estimateTemplateView(row: TemplateRow, deleted = false) {
  const fields = row.fields as unknown as Stored;
  return {
    ...fields,
    _id: row.id,
    altId: row.location_id,
    altType: 'location' as const,
    liveMode: fields.liveMode ?? false,
    deleted,
    name: row.name,
    currency: row.currency,
    estimateNumberPrefix: fields.estimateNumberPrefix ?? DEFAULT_ESTIMATE_PREFIX,
    automaticTaxesEnabled: fields.automaticTaxesEnabled ?? false,
    total: toMajor(row.total, row.currency),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    __v: 0,
  };
}
export type EstimateTemplateView = ReturnType<typeof estimateTemplateView>;

function templateWrite(input: EstimateTemplateInput) {
  const { altId: _altId, name, currency, items, ...rest } = input;
  const totals = computeTotals(currency, items, input.discount);
  const fields: Stored = { ...rest, items: items.map((item) => ({ _id: objectId(), ...item })) };
  return { name, currency, total: totals.total, fields: fields as unknown as TemplateFields };
}

export async function createEstimateTemplate(ctx: StoreContext, actor: Actor, input: EstimateTemplateInput) {
  const row = await insertTemplate(ctx.store.db, {
    id: objectId(),
    location_id: input.altId,
    company_id: actor.companyId,
    kind: KIND,
    ...templateWrite(input),
  });
  return estimateTemplateView(row);
}

export async function listEstimateTemplates(
  ctx: StoreContext,
  locationId: string,
  filter: { search?: string; limit: number; offset: number },
) {
  const { rows, total } = await listTemplateRows(ctx.store.db, locationId, filter, KIND);
  return { data: rows.map((row) => estimateTemplateView(row)), totalCount: total };
}

export async function previewEstimateTemplate(ctx: StoreContext, locationId: string, id: string) {
  const row = await findTemplate(ctx.store.db, locationId, id, KIND);
  if (!row) throw notFound();
  return estimateTemplateView(row);
}

/** PUT: the DTO's fields replace the template's. */
export async function updateEstimateTemplate(ctx: StoreContext, id: string, input: EstimateTemplateInput) {
  const write = templateWrite(input);
  return ctx.store.db.transaction().execute(async (trx) => {
    if (!(await lockTemplate(trx, input.altId, id, KIND))) throw notFound();
    return estimateTemplateView((await updateTemplateRow(trx, input.altId, id, write))!);
  });
}

/** DELETE answers the template as it was, `deleted: true`. */
export async function deleteEstimateTemplate(ctx: StoreContext, locationId: string, id: string) {
  return ctx.store.db.transaction().execute(async (trx) => {
    const current = await lockTemplate(trx, locationId, id, KIND);
    if (!current || !(await deleteTemplateRow(trx, locationId, id, KIND))) throw notFound();
    return estimateTemplateView(current, true);
  });
}
