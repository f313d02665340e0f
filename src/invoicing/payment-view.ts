/** The ledger as the API lists it (GET /invoices/{id}/payments, our addition): major units, camelCase. */
import { toMajor } from '../domain/money.ts';
import type { PaymentRow, RefundRow } from '../store/schema.ts';

export function toPaymentView(payment: PaymentRow, refunds: RefundRow[]) {
  const major = (minor: number) => toMajor(minor, payment.currency);
  return {
    _id: payment.id,
    invoiceId: payment.invoice_id,
    amount: major(payment.amount),
    tipAmount: major(payment.tip_amount),
    refundedAmount: major(payment.refunded_amount),
    currency: payment.currency,
    mode: payment.mode,
    provider: payment.provider,
    providerReference: payment.provider_ref,
    status: payment.status,
    ...(payment.card_brand && payment.card_last4
      ? { card: { brand: payment.card_brand, last4: payment.card_last4 } }
      : {}),
    ...(payment.cheque_number ? { cheque: { number: payment.cheque_number } } : {}),
    ...(payment.customer_ref && payment.method_ref
      ? { savedPaymentMethod: { customerId: payment.customer_ref, paymentMethodId: payment.method_ref } }
      : {}),
    notes: payment.notes,
    failureReason: payment.failure_reason,
    paymentScheduleIds: payment.schedule_entry_ids,
    needsRefund: payment.needs_refund,
    fulfilledAt: payment.fulfilled_at.toISOString(),
    createdAt: payment.created_at.toISOString(),
    refunds: refunds
      .filter((r) => r.payment_id === payment.id)
      .map((r) => ({
        _id: r.id,
        amount: major(r.amount),
        status: r.status,
        createdAt: r.created_at.toISOString(),
      })),
  };
}
