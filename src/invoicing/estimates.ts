/**
 * Estimates (issue #12 item 3): create, change, delete, list, number generation and the last-visited
 * stat. Each change and its history entry are one statement in one transaction.
 */
import type { EstimateFields, EstimateHistoryEntry, EstimateStatus } from '../domain/estimate.ts';
import { objectId, secretToken } from '../domain/ids.ts';
import type {
  BusinessDetails,
  ContactDetails,
  Discount,
  InvoiceItemInput,
  OpaqueObject,
  SentTo,
} from '../domain/invoice.ts';
import { computeTotals } from '../domain/totals.ts';
import { Errors } from '../errors.ts';
import {
  deleteEstimateRow,
  type EstimateFilter,
  type EstimateWrite,
  insertEstimate,
  listEstimateRows,
  lockEstimate,
  peekEstimateNumber,
  recordEstimateVisit,
  takeEstimateNumber,
  updateEstimateRow,
} from '../store/estimates.ts';
import type { Actor, StoreContext } from './context.ts';
import { type EstimateView, estimateView } from './estimate-view.ts';

/** CreateEstimatesDto (and UpdateEstimateDto), as the route has validated it. */
export interface EstimateInput {
  altId: string;
  name: string;
  businessDetails: BusinessDetails;
  currency: string;
  items: InvoiceItemInput[];
  liveMode?: boolean;
  discount: Discount;
  termsNotes?: string;
  title?: string;
  contactDetails: ContactDetails;
  estimateNumber?: number;
  issueDate?: string;
  expiryDate?: string;
  sentTo?: SentTo;
  automaticTaxesEnabled?: boolean;
  meta?: OpaqueObject;
  sendEstimateDetails?: OpaqueObject;
  frequencySettings: OpaqueObject;
  estimateNumberPrefix?: string;
  userId?: string;
  attachments?: OpaqueObject[];
  autoInvoice?: { enabled: boolean; directPayments?: boolean };
  miscellaneousCharges?: OpaqueObject;
  paymentScheduleConfig?: OpaqueObject;
  /** UpdateEstimateDto only: HighLevel lets a client set the status; see docs/decisions.md. */
  estimateStatus?: string;
}

export const DEFAULT_ESTIMATE_PREFIX = 'EST-';
/** An estimate without an expiry date is valid this many days after its issue date. */
export const DEFAULT_VALID_DAYS = 30;

const notFound = () => Errors.notFound('Estimate not found');

const today = () => new Date().toISOString().slice(0, 10);

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function historyEntry(
  action: EstimateHistoryEntry['action'],
  by: string,
  extra: Partial<EstimateHistoryEntry> = {},
): EstimateHistoryEntry {
  return { action, at: new Date().toISOString(), by, ...extra };
}

/** The columns an input gives: amounts checked as an invoice's are (422 on a bad one). */
function estimateColumns(input: EstimateInput) {
  const {
    altId: _altId,
    name,
    currency,
    items,
    liveMode: _liveMode,
    estimateNumber: _estimateNumber,
    userId,
    estimateStatus: _estimateStatus,
    ...rest
  } = input;
  const totals = computeTotals(currency, items, input.discount);
  const issueDate = input.issueDate ?? today();
  const expiryDate = input.expiryDate ?? addDays(issueDate, DEFAULT_VALID_DAYS);
  if (expiryDate < issueDate) throw Errors.badRequest('expiryDate must not be before issueDate');
  const fields: EstimateFields = {
    ...rest,
    items: items.map((item) => ({ _id: objectId(), ...item })),
    issueDate,
    expiryDate,
    estimateNumberPrefix: input.estimateNumberPrefix ?? DEFAULT_ESTIMATE_PREFIX,
    ...(userId === undefined ? {} : { updatedBy: userId }),
  };
  return { name, currency, total: totals.total, contact_id: input.contactDetails.id, fields };
}

export async function createEstimate(
  ctx: StoreContext,
  actor: Actor,
  input: EstimateInput,
): Promise<EstimateView> {
  const columns = estimateColumns(input);
  return ctx.store.db.transaction().execute(async (trx) => {
    const estimateNumber = await takeEstimateNumber(trx, input.altId, input.estimateNumber);
    const row = await insertEstimate(trx, {
      id: objectId(),
      location_id: input.altId,
      company_id: actor.companyId,
      public_token: secretToken(),
      estimate_number: estimateNumber,
      status: 'draft',
      live_mode: input.liveMode ?? false,
      history: [historyEntry('created', actor.tokenId)],
      ...columns,
    });
    return estimateView(row);
  });
}

/** Statuses a PUT may set (UpdateEstimateDto.estimateStatus); the others follow from what happens to it. */
const SETTABLE: ReadonlyArray<EstimateStatus> = ['draft', 'sent', 'accepted', 'declined'];

/**
 * PUT: the DTO's fields replace the estimate's. An invoiced estimate is not changed (its invoice was made
 * from it). `estimateStatus` moves the status only among draft, sent, accepted and declined.
 */
export async function updateEstimate(
  ctx: StoreContext,
  actor: Actor,
  id: string,
  input: EstimateInput,
): Promise<EstimateView> {
  const columns = estimateColumns(input);
  return ctx.store.db.transaction().execute(async (trx) => {
    const current = await lockEstimate(trx, input.altId, id);
    if (!current) throw notFound();
    if (current.status === 'invoiced' || current.invoice_id !== null)
      throw Errors.badRequest('this estimate was already converted into an invoice and cannot be changed');
    const status = statusFromInput(input.estimateStatus, current.status);
    if (input.estimateNumber !== undefined && input.estimateNumber !== current.estimate_number)
      await takeEstimateNumber(trx, input.altId, input.estimateNumber);
    const write: Partial<EstimateWrite> = {
      ...columns,
      fields: { ...columns.fields, ...(current.fields.sentBy ? { sentBy: current.fields.sentBy } : {}) },
      status,
      estimate_number: input.estimateNumber ?? current.estimate_number,
      live_mode: input.liveMode ?? current.live_mode,
      history: [
        ...current.history,
        historyEntry(
          status === current.status ? 'updated' : (status as EstimateHistoryEntry['action']),
          actor.tokenId,
        ),
      ],
    };
    return estimateView(await updateEstimateRow(trx, input.altId, id, write));
  });
}

function statusFromInput(requested: string | undefined, current: EstimateStatus): EstimateStatus {
  if (requested === undefined || requested === 'all' || requested === 'viewed') return current;
  if (!SETTABLE.includes(requested as EstimateStatus))
    throw Errors.badRequest(
      `estimateStatus ${requested} is set by converting the estimate, not by an update`,
    );
  return requested as EstimateStatus;
}

/** DELETE answers the estimate as it was, `deleted: true`. An estimate with an invoice can still go. */
export async function deleteEstimate(
  ctx: StoreContext,
  locationId: string,
  id: string,
): Promise<EstimateView> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const current = await lockEstimate(trx, locationId, id);
    if (!current) throw notFound();
    await deleteEstimateRow(trx, locationId, id);
    return estimateView(current, true);
  });
}

export async function listEstimates(
  ctx: StoreContext,
  locationId: string,
  filter: EstimateFilter,
): Promise<{ estimates: EstimateView[]; total: number }> {
  const { rows, total } = await listEstimateRows(ctx.store.db, locationId, filter);
  return { estimates: rows.map((row) => estimateView(row)), total };
}

export async function nextEstimateNumber(ctx: StoreContext, locationId: string): Promise<number> {
  return peekEstimateNumber(ctx.store.db, locationId);
}

export async function markEstimateVisited(
  ctx: StoreContext,
  reach: { companyId: string; locationId: string | null },
  id: string,
): Promise<void> {
  if (!(await recordEstimateVisit(ctx.store.db, id, reach))) throw notFound();
}
