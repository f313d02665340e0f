/** The payment providers a process uses: the test provider always, Stripe when it is configured. */
import type { Config } from './config.ts';
import type { PaymentProviders } from './invoicing/context.ts';
import { createTestProvider } from './invoicing/test-provider.ts';
import { createStripeProvider } from './payments/stripe.ts';
import type { Store } from './store/db.ts';

export function paymentProviders(
  store: Store,
  config: Pick<Config, 'publicUrl' | 'payments'>,
): PaymentProviders {
  const test = createTestProvider(store, config.publicUrl);
  const settings = config.payments.stripe;
  if (!settings) return { test };
  const stripe = createStripeProvider(settings);
  return { test, stripe, stripeEvent: (raw, signature) => stripe.parseWebhook(raw, signature) };
}
