/** GET /invoices/{invoiceId}/charges (our addition, docs/send-invoice.md §4). */
import { Type as T } from '@sinclair/typebox';

const Nullable = <S extends ReturnType<typeof T.String>>(s: S) => T.Union([s, T.Null()]);

export const ChargeView = T.Object({
  _id: T.String(),
  scheduleEntryId: Nullable(T.String()),
  /** Major units of `currency`. */
  amount: T.Number(),
  currency: T.String(),
  attempt: T.Integer(),
  status: T.String(),
  runAt: T.String(),
  lastError: Nullable(T.String()),
});

export const ChargesResponse = T.Object({ charges: T.Array(ChargeView) });
