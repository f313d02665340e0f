/** The estimate as the API answers it (EstimateResponseDto). */
import type { EstimateFields, EstimateHistoryEntry, EstimateStatus } from '../domain/estimate.ts';
import { toMajor } from '../domain/money.ts';
import type { EstimateRow } from '../store/estimates.ts';

export interface EstimateView extends Omit<EstimateFields, 'items'> {
  _id: string;
  altId: string;
  altType: 'location';
  companyId: string;
  liveMode: boolean;
  deleted: boolean;
  name: string;
  currency: string;
  estimateNumber: number;
  estimateStatus: EstimateStatus;
  items: EstimateFields['items'];
  total: number;
  totalamountInUSD: number;
  automaticTaxesEnabled: boolean;
  automaticTaxesCalculated: boolean;
  meta: Record<string, unknown>;
  sentTo: NonNullable<EstimateFields['sentTo']>;
  estimateActionHistory: EstimateHistoryEntry[];
  lastVisitedAt: string;
  invoiceId?: string;
  createdAt: string;
  updatedAt: string;
  __v: number;
}

export function estimateView(row: EstimateRow, deleted = false): EstimateView {
  const total = toMajor(row.total, row.currency);
  return {
    ...row.fields,
    _id: row.id,
    altId: row.location_id,
    altType: 'location',
    companyId: row.company_id,
    liveMode: row.live_mode,
    deleted,
    name: row.name,
    currency: row.currency,
    estimateNumber: row.estimate_number,
    estimateStatus: row.status,
    total,
    // No exchange rates here: the amount in USD is known only for an estimate in USD (docs/decisions.md).
    totalamountInUSD: row.currency === 'USD' ? total : 0,
    automaticTaxesEnabled: row.fields.automaticTaxesEnabled ?? false,
    automaticTaxesCalculated: false,
    meta: row.fields.meta ?? {},
    sentTo: row.fields.sentTo ?? { email: [] },
    estimateActionHistory: row.history,
    // The DTO requires it; an estimate nobody opened yet answers its creation time.
    lastVisitedAt: (row.last_visited_at ?? row.created_at).toISOString(),
    ...(row.invoice_id === null ? {} : { invoiceId: row.invoice_id }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    __v: row.history.length - 1,
  };
}
