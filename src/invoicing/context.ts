/** What the invoicing use cases need from the process that runs them. */
import type { Channel } from '../domain/send.ts';
import type { PaymentProvider, ProviderEvent } from '../payments/types.ts';
import type { Store, Tx } from '../store/db.ts';

/** Queues delivery jobs inside the caller's transaction: a delivery and its job commit together or not at all. */
export interface DeliveryJobs {
  /** True when a job was added, false when the delivery already had one. */
  enqueue(trx: Tx, delivery: { id: string; channel: Channel }): Promise<boolean>;
}

export interface InvoicingContext {
  store: Store;
  jobs: DeliveryJobs;
  /** Whether live messages can leave the machine; test mode always uses the outbox. */
  transports: { smtp: boolean; twilio: boolean };
  /** The address customers reach the service at (links in messages, hosted pages). */
  publicUrl: string;
  /** Sends of one invoice allowed per hour (0 = no limit); 10 when absent. */
  sendsPerHour?: number;
}

/** The API token a change is made with (recorded in the invoice's history). */
export interface Actor {
  tokenId: string;
  companyId: string;
}

/** The part of the context the use cases that only read and write the store need. */
export type StoreContext = Pick<InvoicingContext, 'store'>;

/** The payment providers of this process: the test provider always, Stripe when it is configured. */
export interface PaymentProviders {
  test: PaymentProvider;
  stripe?: PaymentProvider;
  /** Verifies a Stripe webhook's signature and reads its event (src/payments/stripe.ts). */
  stripeEvent?: (rawBody: Buffer, signature: string | undefined) => ProviderEvent;
}

export interface PaymentsContext extends InvoicingContext {
  providers: PaymentProviders;
}

/** Queues a charge's job inside the caller's transaction, to run at `runAt` (auto-payment). */
export interface ChargeJobs {
  /** True when a job was added, false when the charge already had one. */
  enqueue(trx: Tx, charge: { id: string; runAt: Date }): Promise<boolean>;
}

/** What the auto-payment use cases need: the providers, and a queue for charges. */
export interface AutoPaymentContext extends PaymentsContext {
  chargeJobs: ChargeJobs;
}

/** What the scheduler's tasks get (src/jobs/scheduler.ts): all a run may do, and the catch-up policy. */
export interface SchedulerContext extends AutoPaymentContext {
  /** After downtime: every missed occurrence of a schedule, or only the latest (SCHEDULE_CATCH_UP). */
  catchUp: 'all' | 'latest';
}
