/** `payment refund PAYMENT_ID [--amount X]`: refunds a payment (through its provider for an online one). */
import type { Config } from '../config.ts';
import { toMajor } from '../domain/money.ts';
import { refundPaymentById } from '../invoicing/refund-payment.ts';
import { paymentProviders } from '../payment-providers.ts';
import { parse } from './args.ts';
import { CliError, EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { withStore } from './with-store.ts';

export async function paymentCommand(config: Config, io: Io, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'refund') {
    throw new CliError(`payment: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}`, {
      exitCode: EXIT.usage,
      withUsage: true,
    });
  }
  const { values, positionals } = parse(rest, { amount: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new CliError('payment refund: give exactly one payment id');
  const raw = values.amount as string | undefined;
  if (raw !== undefined && !/^\d+(\.\d+)?$/.test(raw)) {
    throw new CliError(`--amount must be a positive number in major units (e.g. 12.50), got "${raw}"`);
  }
  const result = await withStore(config, io, (store) =>
    refundPaymentById(
      { store, providers: paymentProviders(store, config) },
      positionals[0]!,
      raw === undefined ? undefined : Number(raw),
    ),
  );
  const { payment, invoice } = result;
  const summary = {
    paymentId: payment.id,
    refundedAmount: toMajor(payment.refunded_amount, payment.currency),
    currency: payment.currency,
    paymentStatus: payment.status,
    invoiceId: invoice.invoice.id,
    invoiceStatus: invoice.invoice.status,
    amountDue: toMajor(invoice.invoice.total - invoice.invoice.amount_paid, invoice.invoice.currency),
  };
  io.out(
    values.json
      ? `${JSON.stringify(summary)}\n`
      : `Refunded payment ${summary.paymentId}: ${summary.refundedAmount} ${summary.currency} refunded in all ` +
          `(payment ${summary.paymentStatus}); invoice ${summary.invoiceId} is ${summary.invoiceStatus}, ` +
          `${summary.amountDue} ${summary.currency} due\n`,
  );
  return EXIT.ok;
}
