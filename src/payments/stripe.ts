/**
 * Stripe as the live payment provider, through Stripe's own SDK. Customers pay on Stripe's hosted
 * Checkout; saved methods are charged off-session with PaymentIntents. Every call of a location with its
 * own Stripe account goes to that account (Connect: the Stripe-Account header).
 */
import Stripe from 'stripe';
import { stripeAmount } from './stripe-currency.ts';
import {
  asProviderError,
  isCardError,
  isInvalidRequest,
  isMissing,
  StripeProviderError,
  StripeWebhookError,
} from './stripe-errors.ts';
import { failureReason, idOf, refundStatus, stripeMetadata, toProviderEvent } from './stripe-events.ts';
import type {
  ChargeOutcome,
  ChargeRequest,
  CheckoutRequest,
  CheckoutSession,
  PaymentProvider,
  ProviderEvent,
  RefundOutcome,
  RefundRequest,
  SavedMethod,
} from './types.ts';

export { StripeAmountError, stripeAmount } from './stripe-currency.ts';
export { StripeProviderError, StripeWebhookError } from './stripe-errors.ts';

export interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string;
  /** Replaces https://api.stripe.com (tests point it at a local server speaking Stripe's wire format). */
  apiUrl?: string;
  /** Per request (default 30 s): keep it below the job timeout of whoever calls. */
  timeoutMs?: number;
}

export type StripeProvider = PaymentProvider & {
  /** Verifies Stripe's signature on the raw body and reduces the event; throws StripeWebhookError. */
  parseWebhook(rawBody: Buffer | string, signatureHeader: string | undefined): ProviderEvent;
};

/** The Stripe API version this SDK release is typed for; requests and objects follow it. */
export const STRIPE_API_VERSION: Stripe.LatestApiVersion = Stripe.API_VERSION;

function clientConfig(options: StripeProviderOptions): Stripe.StripeConfig {
  const config: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION,
    // Retries are the caller's: its job, retried with the same idempotency key. (The SDK still repeats a
    // request once when the connection closes under it, with the same key, so that cannot charge twice.)
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 30_000,
  };
  if (options.apiUrl) {
    const url = new URL(options.apiUrl);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    config.protocol = protocol;
    config.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    config.port = url.port !== '' ? Number(url.port) : protocol === 'http' ? 80 : 443;
  }
  return config;
}

function requestOptions(account: string | undefined, idempotencyKey?: string): Stripe.RequestOptions {
  const options: Stripe.RequestOptions = {};
  if (account) options.stripeAccount = account;
  if (idempotencyKey) options.idempotencyKey = idempotencyKey;
  return options;
}

/** Brand and last four of what paid, from a charge's method details or the method itself. */
function methodSummary(
  source: { type: string; card?: { brand?: string | null; last4?: string | null } | null } | null | undefined,
): { brand?: string; last4?: string } {
  if (!source) return {};
  const details = source as unknown as Record<string, { last4?: string | null; bank_name?: string | null }>;
  const card = source.card;
  const brand = card?.brand ?? details[source.type]?.bank_name ?? undefined;
  const last4 = card?.last4 ?? details[source.type]?.last4 ?? undefined;
  return { ...(brand ? { brand } : {}), ...(last4 ? { last4 } : {}) };
}

function intentOutcome(intent: Stripe.PaymentIntent): ChargeOutcome {
  switch (intent.status) {
    case 'succeeded': {
      const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
      const method = typeof intent.payment_method === 'object' ? intent.payment_method : null;
      const summary = charge?.payment_method_details
        ? methodSummary(charge.payment_method_details)
        : methodSummary(method);
      return { status: 'succeeded', ref: intent.id, ...summary };
    }
    case 'processing':
      return { status: 'processing', ref: intent.id };
    case 'requires_action':
      return { status: 'requires_action', ref: intent.id, reason: 'authentication_required' };
    default: {
      const code = intent.last_payment_error?.code ?? undefined;
      if (code === 'authentication_required') {
        return { status: 'requires_action', ref: intent.id, reason: code };
      }
      const reason = failureReason(intent.last_payment_error) ?? intent.status;
      return { status: 'failed', ref: intent.id, reason, ...(code ? { code } : {}) };
    }
  }
}

export function createStripeProvider(options: StripeProviderOptions): StripeProvider {
  const stripe = new Stripe(options.secretKey, clientConfig(options));

  async function createCustomer(input: { email?: string; name?: string; account?: string }): Promise<string> {
    const params: Stripe.CustomerCreateParams = {};
    if (input.email) params.email = input.email;
    if (input.name) params.name = input.name;
    const customer = await stripe.customers.create(params, requestOptions(input.account));
    return customer.id;
  }

  return {
    kind: 'stripe',

    async ensureCustomer(input) {
      try {
        if (input.existingRef) {
          try {
            const found = await stripe.customers.retrieve(
              input.existingRef,
              {},
              requestOptions(input.account),
            );
            if (!found.deleted) return found.id;
          } catch (error) {
            if (!isMissing(error)) throw error;
          }
        }
        return await createCustomer(input);
      } catch (error) {
        throw asProviderError(error);
      }
    },

    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const currency = request.currency.toLowerCase();
      const line = (name: string, amount: number): Stripe.Checkout.SessionCreateParams.LineItem => ({
        quantity: 1,
        price_data: { currency, unit_amount: stripeAmount(amount, currency), product_data: { name } },
      });
      const metadata = stripeMetadata(request.metadata);
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: 'payment',
        line_items: [line(request.description, request.amount)],
        metadata,
        client_reference_id: request.metadata.sessionId,
        payment_intent_data: { metadata, description: request.description },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      };
      if (request.tip > 0) params.line_items!.push(line('Tip', request.tip));
      if (request.saveMethod) params.payment_intent_data!.setup_future_usage = 'off_session';
      if (request.customerRef) {
        params.customer = request.customerRef;
      } else {
        if (request.customerEmail) params.customer_email = request.customerEmail;
        // A saved method needs a customer to belong to: Checkout makes one from what the payer enters.
        if (request.saveMethod) params.customer_creation = 'always';
      }
      try {
        const session = await stripe.checkout.sessions.create(params, requestOptions(request.account));
        if (!session.url)
          throw new StripeProviderError('Stripe Checkout gave no url', 'Error', 200, undefined, false);
        return { ref: session.id, url: session.url };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    async findMethod(customerRef, methodRef, account): Promise<SavedMethod | undefined> {
      let method: Stripe.PaymentMethod;
      try {
        method = await stripe.paymentMethods.retrieve(methodRef, {}, requestOptions(account));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw asProviderError(error);
      }
      if (idOf(method.customer) !== customerRef) return undefined;
      return { ref: method.id, customerRef, type: method.type, ...methodSummary(method) };
    },

    async charge(request: ChargeRequest): Promise<ChargeOutcome> {
      const currency = request.currency.toLowerCase();
      const params: Stripe.PaymentIntentCreateParams = {
        amount: stripeAmount(request.amount, currency),
        currency,
        customer: request.customerRef,
        payment_method: request.methodRef,
        off_session: true,
        confirm: true,
        metadata: stripeMetadata(request.metadata),
        description: request.description,
        expand: ['latest_charge'],
      };
      try {
        const intent = await stripe.paymentIntents.create(
          params,
          requestOptions(request.account, request.idempotencyKey),
        );
        return intentOutcome(intent);
      } catch (error) {
        if (isCardError(error)) {
          if (error.payment_intent) return intentOutcome(error.payment_intent);
          const reason = failureReason(error) ?? 'card_error';
          return { status: 'failed', reason, ...(error.code ? { code: error.code } : {}) };
        }
        // A request Stripe refuses outright (a detached method, an amount under Stripe's minimum) fails the
        // same way on every retry: the attempt failed.
        if (isInvalidRequest(error)) {
          const ref = error.payment_intent?.id;
          return {
            status: 'failed',
            reason: error.code ?? 'invalid_request',
            ...(ref ? { ref } : {}),
            ...(error.code ? { code: error.code } : {}),
          };
        }
        throw asProviderError(error);
      }
    },

    async refund(request: RefundRequest): Promise<RefundOutcome> {
      const amount = stripeAmount(request.amount, request.currency);
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: request.paymentRef, amount },
          requestOptions(request.account, request.idempotencyKey),
        );
        const status = refundStatus(refund.status);
        const reason =
          status === 'failed' ? (refund.failure_reason ?? refund.status ?? undefined) : undefined;
        return { ref: refund.id, status, ...(reason ? { reason } : {}) };
      } catch (error) {
        throw asProviderError(error);
      }
    },

    parseWebhook(rawBody, signatureHeader) {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signatureHeader ?? '', options.webhookSecret);
      } catch (error) {
        throw new StripeWebhookError((error as Error).message);
      }
      if (typeof event?.id !== 'string' || typeof event.type !== 'string') {
        throw new StripeWebhookError('The webhook body is not a Stripe event');
      }
      try {
        return toProviderEvent(event);
      } catch {
        // Signed, so Stripe's, but not shaped as its API version documents: refuse it rather than guess.
        throw new StripeWebhookError(`The ${event.type} event ${event.id} lacks fields it should have`);
      }
    },
  };
}
