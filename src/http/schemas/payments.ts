/** RecordPaymentDto and RecordPaymentResponseDto (apps/invoices.json), and our refund and ledger additions. */
import { Type as T } from '@sinclair/typebox';
import { InvoiceResponse } from '../../invoicing/response-schemas.ts';
import { AltType, Id, Opaque, Str, Strict } from './common.ts';

export const RecordPaymentBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    mode: T.Union([
      T.Literal('cash'),
      T.Literal('card'),
      T.Literal('cheque'),
      T.Literal('bank_transfer'),
      T.Literal('other'),
    ]),
    // The official DTO lists card, cheque and notes as required; they are optional here (docs/decisions.md).
    card: T.Optional(
      T.Object({ brand: Str(50, { minLength: 1 }), last4: Str(4, { pattern: '^[0-9]{4}$' }) }, Strict),
    ),
    cheque: T.Optional(T.Object({ number: Str(100, { minLength: 1 }) }, Strict)),
    notes: T.Optional(Str(2000)),
    amount: T.Optional(T.Number()),
    meta: T.Optional(Opaque),
    paymentScheduleIds: T.Optional(T.Array(Id, { maxItems: 100 })),
    fulfilledAt: T.Optional(Str(40, { format: 'date-time' })),
  },
  Strict,
);

export const InvoiceChangeResponse = T.Object({ success: T.Boolean(), invoice: InvoiceResponse });

export const RefundBody = T.Object(
  { altId: Id, altType: AltType, paymentId: T.Optional(Id), amount: T.Optional(T.Number()) },
  Strict,
);

const Nullable = <S extends ReturnType<typeof T.String>>(s: S) => T.Union([s, T.Null()]);

export const PaymentView = T.Object({
  _id: T.String(),
  invoiceId: T.String(),
  amount: T.Number(),
  tipAmount: T.Number(),
  refundedAmount: T.Number(),
  currency: T.String(),
  mode: T.String(),
  provider: Nullable(T.String()),
  providerReference: Nullable(T.String()),
  status: T.String(),
  card: T.Optional(T.Object({ brand: T.String(), last4: T.String() })),
  cheque: T.Optional(T.Object({ number: T.String() })),
  savedPaymentMethod: T.Optional(
    T.Object(
      { customerId: T.String(), paymentMethodId: T.String() },
      { description: "The saved method behind this payment: pass these as a later send's autoPayment." },
    ),
  ),
  notes: Nullable(T.String()),
  failureReason: Nullable(T.String()),
  paymentScheduleIds: T.Array(T.String()),
  needsRefund: T.Boolean(),
  fulfilledAt: T.String(),
  createdAt: T.String(),
  refunds: T.Array(
    T.Object({ _id: T.String(), amount: T.Number(), status: T.String(), createdAt: T.String() }),
  ),
});

export const PaymentsResponse = T.Object({ payments: T.Array(PaymentView) });
