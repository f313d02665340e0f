/**
 * The built-in test provider (test mode, docs/payments.md): behaves like Stripe's test mode, with its
 * checkout served by this service and its "remote" state (saved methods, the charges it was asked
 * for) in our own store. Charges and refunds have references derived from their idempotency keys, so a
 * retried call is the same call.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { shortId } from '../domain/ids.ts';
import { DECLINE_MESSAGES, MAGIC_METHODS, type TestCardOutcome } from '../domain/test-cards.ts';
import type { ChargeOutcome, PaymentProvider, SavedMethod } from '../payments/types.ts';
import type { Store } from '../store/db.ts';
import { recordTestChargeCall } from '../store/test-charges.ts';
import { findTestMethod } from '../store/test-methods.ts';

const refFor = (prefix: string, key: string) =>
  `${prefix}_test_${createHash('sha256').update(key).digest('base64url').slice(0, 24)}`;

/** The test provider's checkout page for one of our sessions. */
export function testCheckoutUrl(publicUrl: string, sessionId: string): string {
  return `${publicUrl}/pay/test/${sessionId}`;
}

function outcomeOf(
  outcome: TestCardOutcome,
  ref: string,
  method: { brand: string; last4: string },
): ChargeOutcome {
  if (outcome === 'succeeds') return { status: 'succeeded', ref, brand: method.brand, last4: method.last4 };
  // Off-session, a card that needs its holder cannot be confirmed: the customer must pay from the page.
  if (outcome === 'requires_confirmation')
    return { status: 'requires_action', ref, reason: DECLINE_MESSAGES[outcome] };
  return { status: 'failed', ref, reason: DECLINE_MESSAGES[outcome], code: outcome };
}

/**
 * A test knob, read here only: TEST_PROVIDER_CHARGE_DELAY_MS (default 0) makes every charge() take that
 * long after the call is recorded, as a slow network would, so a test can kill a worker mid-charge. Keep
 * it well below DELIVERY_TIMEOUT_SECONDS, or the job expires and is run again while still in flight.
 */
function chargeDelayMs(raw = process.env.TEST_PROVIDER_CHARGE_DELAY_MS): number {
  if (raw === undefined || raw.trim() === '') return 0;
  if (!/^\d{1,6}$/.test(raw.trim()))
    throw new Error(`TEST_PROVIDER_CHARGE_DELAY_MS must be a whole number of milliseconds, got "${raw}"`);
  return Number(raw.trim());
}

export function createTestProvider(store: Store, publicUrl: string): PaymentProvider {
  const delayMs = chargeDelayMs();
  async function method(customerRef: string, methodRef: string) {
    const magic = MAGIC_METHODS[methodRef];
    if (magic)
      return { ref: methodRef, customerRef, type: 'card', brand: 'visa', last4: '4242', outcome: magic };
    const saved = await findTestMethod(store.db, methodRef);
    if (!saved || saved.customer_ref !== customerRef) return undefined;
    return { ...saved, ref: saved.id, type: 'card', outcome: saved.outcome as TestCardOutcome };
  }
  return {
    kind: 'test',
    async ensureCustomer({ existingRef }) {
      return existingRef ?? `cus_test_${shortId(24)}`;
    },
    async createCheckout(request) {
      return {
        ref: `cs_test_${request.metadata.sessionId}`,
        url: testCheckoutUrl(publicUrl, request.metadata.sessionId),
      };
    },
    async findMethod(customerRef, methodRef): Promise<SavedMethod | undefined> {
      const found = await method(customerRef, methodRef);
      return (
        found && { ref: found.ref, customerRef, type: found.type, brand: found.brand, last4: found.last4 }
      );
    },
    async charge(request) {
      const ref = refFor('pi', request.idempotencyKey);
      const first = await recordTestChargeCall(store.db, {
        idempotencyKey: request.idempotencyKey,
        chargeId: request.metadata.chargeId,
        ref,
        methodRef: request.methodRef,
        currency: request.currency,
        amount: request.amount,
      });
      // Stripe refuses a key reused with other parameters; so does its stand-in.
      if (
        first.amount !== request.amount ||
        first.currency !== request.currency ||
        first.methodRef !== request.methodRef
      ) {
        throw new Error(
          `idempotency key ${request.idempotencyKey} was first used with other parameters (test provider)`,
        );
      }
      if (delayMs > 0) await sleep(delayMs);
      const found = await method(request.customerRef, request.methodRef);
      if (!found)
        return {
          status: 'failed',
          ref,
          reason: 'No such payment method for this customer',
          code: 'resource_missing',
        };
      return outcomeOf(found.outcome, ref, { brand: found.brand ?? 'card', last4: found.last4 ?? '' });
    },
    async refund(request) {
      return { ref: refFor('re', request.idempotencyKey), status: 'succeeded' };
    },
  };
}
