/**
 * What the payment use cases need from a payment provider: the built-in test provider (test mode) and
 * Stripe (live mode) both implement it. Amounts are integer minor units of `currency` (domain/money.ts);
 * providers convert to their own units. Nothing here sees card numbers: live customers enter them on
 * Stripe's hosted Checkout, test customers on the test provider's own page.
 */
export type ProviderKind = 'test' | 'stripe';

/** Ids of ours that travel with a provider object and come back in its events. */
export interface PaymentMetadata {
  invoiceId: string;
  locationId: string;
  /** Our checkout session (a customer paying from the hosted page). */
  sessionId?: string;
  /** Our auto-payment charge attempt. */
  chargeId?: string;
  /** Schedule entries the payment settles, comma-separated. */
  entryIds?: string;
}

export interface CheckoutRequest {
  metadata: PaymentMetadata & { sessionId: string };
  /** Shown to the customer, e.g. "Invoice INV-12 from Acme". */
  description: string;
  currency: string;
  /** The invoice's part, minor units. */
  amount: number;
  /** The customer's tip, minor units (0 for none); a separate line. */
  tip: number;
  /** The provider's customer for the contact; required when saving the method. */
  customerRef?: string;
  customerEmail?: string;
  /** Keep the method for later off-session charges (Stripe: setup_future_usage). */
  saveMethod: boolean;
  successUrl: string;
  cancelUrl: string;
  /** A location's own Stripe account (Connect), when it has one. */
  account?: string;
}

export interface CheckoutSession {
  /** The provider's id for the session. */
  ref: string;
  /** Where the customer goes to pay. */
  url: string;
}

export interface SavedMethod {
  ref: string;
  customerRef: string;
  /** e.g. 'card', 'us_bank_account'. */
  type: string;
  brand?: string;
  last4?: string;
}

export interface ChargeRequest {
  metadata: PaymentMetadata & { chargeId: string };
  customerRef: string;
  methodRef: string;
  currency: string;
  amount: number;
  /** The same key for the same attempt: a retried call never charges twice. */
  idempotencyKey: string;
  description: string;
  account?: string;
}

export type ChargeOutcome =
  | { status: 'succeeded'; ref: string; brand?: string; last4?: string }
  /** Accepted, settles later (a bank debit): an event reports the end. */
  | { status: 'processing'; ref: string }
  /** The customer must act (3-D Secure): the charge stays unpaid. */
  | { status: 'requires_action'; ref: string; reason: string }
  | { status: 'failed'; ref?: string; reason: string; code?: string };

export interface RefundRequest {
  /** The provider's payment (PaymentIntent) id. */
  paymentRef: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
  account?: string;
}

export interface RefundOutcome {
  ref: string;
  status: 'succeeded' | 'pending' | 'failed';
  reason?: string;
}

/**
 * A provider's webhook event, verified and reduced to what the use cases act on. `id` is the provider's
 * event id: events are processed once each, in any order.
 */
export type ProviderEvent =
  | {
      id: string;
      kind: 'checkout_completed';
      sessionRef: string;
      /** The payment the session made (PaymentIntent id); absent while it has none. */
      paymentRef?: string;
      /** 'paid' done; 'processing' a delayed method (bank debit) still settling; 'unpaid' nothing yet. */
      paymentStatus: 'paid' | 'processing' | 'unpaid';
      amountTotal: number;
      currency: string;
      customerRef?: string;
      methodRef?: string;
      brand?: string;
      last4?: string;
      metadata: Partial<PaymentMetadata>;
    }
  | {
      id: string;
      kind: 'payment_succeeded' | 'payment_processing' | 'payment_failed';
      paymentRef: string;
      amount: number;
      currency: string;
      reason?: string;
      /** The payment's customer and method: how a method saved on a checkout becomes known. */
      customerRef?: string;
      methodRef?: string;
      brand?: string;
      last4?: string;
      metadata: Partial<PaymentMetadata>;
    }
  | {
      id: string;
      kind: 'refund_updated';
      refundRef: string;
      paymentRef: string;
      amount: number;
      status: 'succeeded' | 'pending' | 'failed';
    }
  | { id: string; kind: 'ignored'; type: string };

export interface PaymentProvider {
  readonly kind: ProviderKind;
  /** The provider's customer for a contact: the given one when it still exists, else a new one. */
  ensureCustomer(input: {
    existingRef?: string;
    email?: string;
    name?: string;
    account?: string;
  }): Promise<string>;
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /** The saved method, when the provider knows it for that customer; undefined otherwise. */
  findMethod(customerRef: string, methodRef: string, account?: string): Promise<SavedMethod | undefined>;
  /** An off-session charge of a saved method. */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
}
