import Stripe from 'stripe';

/**
 * A Stripe call that did not give an answer we can act on: no answer at all (network, timeout), Stripe's
 * own trouble (5xx, 429, 409), or a refusal (bad key, missing permission, invalid request). `retryable`
 * says whether the same call (same idempotency key) may succeed later.
 */
export class StripeProviderError extends Error {
  override name = 'StripeProviderError';
  constructor(
    message: string,
    /** The SDK's error class name, e.g. 'StripeConnectionError', 'StripeInvalidRequestError'. */
    readonly type: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** A webhook that is not Stripe's: a missing or wrong signature, a stale timestamp, or an unreadable body. */
export class StripeWebhookError extends Error {
  override name = 'StripeWebhookError';
}

export function isCardError(error: unknown): error is Stripe.errors.StripeCardError {
  return error instanceof Stripe.errors.StripeCardError;
}

/** Stripe's "No such customer / payment method" (404 resource_missing). */
export function isMissing(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    (error.code === 'resource_missing' || error.statusCode === 404)
  );
}

/** A refusal Stripe will repeat for the same request: not worth retrying, the request itself is wrong. */
export function isInvalidRequest(error: unknown): error is Stripe.errors.StripeInvalidRequestError {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    !(error instanceof Stripe.errors.StripeIdempotencyError)
  );
}

export function asProviderError(error: unknown): StripeProviderError {
  if (error instanceof StripeProviderError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new StripeProviderError(
      String((error as Error)?.message ?? error),
      'Error',
      undefined,
      undefined,
      true,
    );
  }
  const status = error.statusCode;
  const retryable =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    status === undefined ||
    status === 409 ||
    status >= 500;
  // The SDK error is not kept as `cause`: it carries response headers and, for network errors, details of
  // the request; nothing of it should reach a log beyond Stripe's own message.
  const code = error.code ?? undefined;
  const message = `Stripe ${error.type}${code ? ` (${code})` : ''}: ${error.message}`;
  return new StripeProviderError(message, error.type, status, code, retryable);
}
