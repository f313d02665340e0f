/**
 * What the hosted page's Pay section offers (docs/payments.md): the amount startCheckout would take now
 * (what is due, or the schedule's next pending entry), the tips with their amounts, or why the invoice
 * cannot be paid online.
 */
import { percentOf, toDecimal } from '../domain/money.ts';
import { nextEntry } from '../domain/payment-schedule.ts';
import type { PayForm, PaySection } from '../render/page-model.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { amountToPay, providerFor, tipChoices } from './checkout.ts';
import type { PaymentsContext } from './context.ts';

/** The Pay section; undefined when nothing can be paid (a draft, void or paid invoice, nothing due). */
export async function paySection(
  ctx: PaymentsContext,
  stored: StoredInvoice,
  chosen?: PayForm['chosen'],
): Promise<PaySection | undefined> {
  const { invoice } = stored;
  if (invoice.status === 'draft' || invoice.status === 'void' || invoice.status === 'paid') return undefined;
  const processing = invoice.status === 'payment_processing';
  const entry = nextEntry(invoice.payment_schedule);
  const pay = entry ? 'next_entry' : 'due';
  const { amount } = await amountToPay(stored, ctx, pay);
  if (amount <= 0) return processing ? { kind: 'processing' } : undefined;
  if (!providerFor(ctx, invoice)) return { kind: 'not_set_up' };
  const form: PayForm = {
    action: `/i/${invoice.public_token}/pay`,
    pay,
    amount,
    ...(entry ? { entry: { name: entry.name, dueDate: entry.dueDate } } : {}),
    tips: tipChoices(invoice).map((percent) => ({ percent, amount: percentOf(amount, toDecimal(percent)) })),
    ...(chosen ? { chosen } : {}),
  };
  return { kind: 'form', form, processing, testMode: !invoice.live_mode };
}
