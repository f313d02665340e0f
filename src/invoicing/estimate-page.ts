/**
 * The customer's side of an estimate (/e/{token}): the page, and the customer's accept or decline,
 * recorded in the estimate's history in one transaction. An accepted estimate whose `autoInvoice.enabled`
 * is set becomes an invoice in that same transaction (docs/decisions.md "Estimates").
 */
import { decisionRefusal, type EstimateStatus } from '../domain/estimate.ts';
import { computeTotals } from '../domain/totals.ts';
import type { EstimatePageModel } from '../render/estimate-page.tsx';
import {
  type EstimateRow,
  findEstimateByToken,
  lockEstimateByToken,
  updateEstimateRow,
} from '../store/estimates.ts';
import type { StoreContext } from './context.ts';
import { convertLocked } from './estimate-invoice.ts';
import { historyEntry } from './estimates.ts';

const CUSTOMER = 'customer';
const today = () => new Date().toISOString().slice(0, 10);

function pageModel(row: EstimateRow, notice?: string): EstimatePageModel {
  const f = row.fields;
  const totals = computeTotals(row.currency, f.items, f.discount);
  const decided = [...row.history].reverse().find((h) => h.action === 'accepted' || h.action === 'declined');
  const closed = decisionRefusal(row.status, f.expiryDate, today());
  return {
    businessName: f.businessDetails.name ?? '',
    title: f.title ?? 'ESTIMATE',
    number: `${f.estimateNumberPrefix}${row.estimate_number}`,
    contactName: f.contactDetails.name,
    issueDate: f.issueDate,
    expiryDate: f.expiryDate,
    currency: row.currency,
    items: f.items.map((item, i) => ({
      name: item.name,
      ...(item.description === undefined ? {} : { description: item.description }),
      qty: totals.items[i]!.qty,
      unitPrice: totals.items[i]!.amount,
      lineTotal: totals.items[i]!.lineTotal,
    })),
    total: row.total,
    status: row.status,
    testMode: !row.live_mode,
    ...(f.termsNotes === undefined ? {} : { terms: f.termsNotes }),
    ...(decided ? { decidedAt: decided.at.slice(0, 10) } : {}),
    ...(closed === undefined ? {} : { closed }),
    ...(notice === undefined ? {} : { notice }),
  };
}

/** The page of the estimate with this token; undefined for an unknown token or a draft (never sent). */
export async function viewEstimatePage(
  ctx: StoreContext,
  token: string,
): Promise<EstimatePageModel | undefined> {
  const row = await findEstimateByToken(ctx.store.db, token);
  if (!row || row.status === 'draft') return undefined;
  if (row.status === 'sent' && !row.history.some((h) => h.action === 'viewed')) {
    // The first view is recorded once; reloads add nothing.
    return ctx.store.db.transaction().execute(async (trx) => {
      const locked = await lockEstimateByToken(trx, token);
      if (!locked) return undefined;
      if (locked.history.some((h) => h.action === 'viewed')) return pageModel(locked);
      const updated = await updateEstimateRow(trx, locked.location_id, locked.id, {
        history: [...locked.history, historyEntry('viewed', CUSTOMER)],
      });
      return pageModel(updated);
    });
  }
  return pageModel(row);
}

export type Decision = 'accepted' | 'declined';

/**
 * The customer's answer. Undefined for an unknown token or a draft; otherwise the page after it, with
 * `refused` set when the estimate could not take the answer (already decided, expired): nothing changed.
 */
export async function decideEstimate(
  ctx: StoreContext,
  token: string,
  decision: Decision,
): Promise<{ page: EstimatePageModel; refused: boolean } | undefined> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await lockEstimateByToken(trx, token);
    if (!row || row.status === 'draft') return undefined;
    const refusal = decisionRefusal(row.status, row.fields.expiryDate, today());
    if (refusal) return { page: pageModel(row, refusal), refused: true };
    const status: EstimateStatus = decision;
    let updated = await updateEstimateRow(trx, row.location_id, row.id, {
      status,
      history: [...row.history, historyEntry(decision, CUSTOMER)],
    });
    if (decision === 'accepted' && row.fields.autoInvoice?.enabled) {
      // The invoice is made on behalf of the token that created the estimate.
      const tokenId = row.history[0]?.by ?? CUSTOMER;
      const done = await convertLocked(trx, { tokenId, companyId: row.company_id }, updated, {
        markAsInvoiced: true,
        by: CUSTOMER,
      });
      updated = done.estimate;
    }
    return { page: pageModel(updated), refused: false };
  });
}
