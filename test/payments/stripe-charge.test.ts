/** Off-session charges of saved methods: Stripe's outcomes, idempotent retries, failures that must throw. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createStripeProvider, type StripeProvider, StripeProviderError } from '../../src/payments/stripe.ts';
import { type FakeStripe, startFakeStripe } from '../fixtures/fake-stripe.ts';
import { chargeRequest, lastRequest } from '../fixtures/payments.ts';

let fake: FakeStripe;
let stripe: StripeProvider;
let customer: string;

before(async () => {
  fake = await startFakeStripe();
  stripe = createStripeProvider(fake.providerOptions());
  customer = fake.createCustomer({ email: 'auto@example.test' });
});
after(() => fake.close());

function charge(methodRef: string, idempotencyKey: string, amount = 5000) {
  return stripe.charge(chargeRequest({ customerRef: customer, methodRef, idempotencyKey, amount }));
}

const createdWith = (key: string) => fake.creations('payment_intent').filter((c) => c.idempotencyKey === key);

describe('off-session charges', () => {
  test('every magic method ends as Stripe test mode says', async () => {
    const outcome = (magic: string) => charge(fake.saveMethod(customer, magic), `key-${magic}`);
    const visa = await outcome('pm_card_visa');
    assert.deepEqual(visa, { status: 'succeeded', ref: visa.ref, brand: 'visa', last4: '4242' });
    assert.match(visa.ref ?? '', /^pi_/);
    const declined = await outcome('pm_card_chargeDeclined');
    assert.deepEqual(declined, {
      status: 'failed',
      ref: declined.ref,
      reason: 'generic_decline',
      code: 'card_declined',
    });
    assert.match(declined.ref ?? '', /^pi_/);
    const funds = await outcome('pm_card_chargeDeclinedInsufficientFunds');
    assert.deepEqual(funds, {
      status: 'failed',
      ref: funds.ref,
      reason: 'insufficient_funds',
      code: 'card_declined',
    });
    const expired = await outcome('pm_card_chargeDeclinedExpiredCard');
    assert.deepEqual(expired, {
      status: 'failed',
      ref: expired.ref,
      reason: 'expired_card',
      code: 'expired_card',
    });
    const sca = await outcome('pm_card_authenticationRequired');
    assert.deepEqual(sca, { status: 'requires_action', ref: sca.ref, reason: 'authentication_required' });
    const bank = await outcome('pm_usBankAccount');
    assert.deepEqual(bank, { status: 'processing', ref: bank.ref });
  });

  test('magic ids work directly too, as in Stripe test mode', async () => {
    assert.equal((await charge('pm_card_visa', 'key-magic')).status, 'succeeded');
    assert.equal((await charge('pm_card_chargeDeclined', 'key-magic-declined')).status, 'failed');
  });

  test('the request: off-session, confirmed, our metadata, the idempotency key', async () => {
    await charge(fake.saveMethod(customer), 'key-request', 1234);
    const request = lastRequest(fake, '/v1/payment_intents');
    assert.equal(request.idempotencyKey, 'key-request');
    assert.deepEqual(request.body, {
      amount: '1234',
      currency: 'usd',
      customer,
      payment_method: request.body.payment_method,
      off_session: 'true',
      confirm: 'true',
      metadata: { invoiceId: 'inv_1', locationId: 'loc_1', chargeId: 'chg_1' },
      description: 'Auto-payment of INV-12',
      expand: ['latest_charge'],
    });
  });

  test("a method that is not the customer's fails the attempt", async () => {
    const other = fake.createCustomer();
    const result = await charge(fake.saveMethod(other), 'key-other');
    assert.deepEqual(result, { status: 'failed', reason: 'invalid_request' });
  });

  test('a retried charge (same key) is the same PaymentIntent; Stripe made one', async () => {
    const method = fake.saveMethod(customer);
    const first = await charge(method, 'key-retry');
    const second = await charge(method, 'key-retry');
    assert.deepEqual(second, first);
    assert.equal(createdWith('key-retry').length, 1);
    assert.equal(lastRequest(fake, '/v1/payment_intents').replayed, true);
    // A declined attempt is kept and replayed as well.
    const declined = fake.saveMethod(customer, 'pm_card_chargeDeclined');
    assert.deepEqual(
      await charge(declined, 'key-retry-declined'),
      await charge(declined, 'key-retry-declined'),
    );
    assert.equal(createdWith('key-retry-declined').length, 1);
    await assert.rejects(
      charge(method, 'key-retry', 1),
      (err: unknown) =>
        err instanceof StripeProviderError && err.type === 'StripeIdempotencyError' && !err.retryable,
    );
  });

  test('a lost answer: the SDK asks again with the same key and gets the stored one', async () => {
    fake.failNext('lose-response');
    const result = await charge(fake.saveMethod(customer), 'key-lost');
    assert.equal(result.status, 'succeeded');
    const tries = fake.requests.filter((r) => r.idempotencyKey === 'key-lost');
    assert.deepEqual(
      tries.map((r) => r.replayed),
      [false, true],
    );
    assert.equal(createdWith('key-lost').length, 1);
  });

  test('no answer or a Stripe 5xx throws (the job retries); it never reports a failed charge', async () => {
    const method = fake.saveMethod(customer);
    fake.failNext({ status: 500 });
    await assert.rejects(
      charge(method, 'key-5xx'),
      (err: unknown) => err instanceof StripeProviderError && err.status === 500 && err.retryable,
    );
    // The SDK retries a dropped connection once by itself; dropped twice, the call fails.
    fake.failNext('disconnect', 2);
    await assert.rejects(
      charge(method, 'key-5xx'),
      (err: unknown) =>
        err instanceof StripeProviderError && err.type === 'StripeConnectionError' && err.retryable,
    );
    assert.equal((await charge(method, 'key-5xx')).status, 'succeeded');
    assert.equal(createdWith('key-5xx').length, 1);
  });

  test('a Stripe that does not listen throws', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = createStripeProvider({ ...fake.providerOptions(), apiUrl: `http://127.0.0.1:${port}` });
    await assert.rejects(
      offline.charge(chargeRequest({ customerRef: customer, methodRef: 'pm_card_visa' })),
      (err: unknown) =>
        err instanceof StripeProviderError && err.type === 'StripeConnectionError' && err.retryable,
    );
  });

  test('a wrong key is refused, and the message shows only its end', async () => {
    const wrong = createStripeProvider({
      ...fake.providerOptions(),
      secretKey: 'sk_test_wrongwrongwrong1234',
    });
    await assert.rejects(
      wrong.charge(chargeRequest({ customerRef: customer, methodRef: 'pm_card_visa' })),
      (err) => {
        assert.ok(err instanceof StripeProviderError);
        assert.equal(err.status, 401);
        assert.equal(err.retryable, false);
        assert.doesNotMatch(err.message, /wrongwrong/);
        return true;
      },
    );
  });

  test('Connect: the charge goes to the connected account, where its customer and method are', async () => {
    const connected = fake.createCustomer({}, 'acct_42');
    const methodRef = fake.saveMethod(connected, 'pm_card_visa', 'acct_42');
    const request = chargeRequest({ customerRef: connected, methodRef, currency: 'EUR', amount: 999 });
    const result = await stripe.charge({ ...request, account: 'acct_42' });
    assert.equal(result.status, 'succeeded');
    assert.equal(lastRequest(fake, '/v1/payment_intents').account, 'acct_42');
    assert.equal(fake.store.accountOf(result.status === 'succeeded' ? result.ref : ''), 'acct_42');
    // From the platform account neither is visible: Stripe refuses the request, the attempt fails.
    const outside = await stripe.charge({ ...request, idempotencyKey: 'key-outside' });
    assert.deepEqual(outside, { status: 'failed', reason: 'resource_missing', code: 'resource_missing' });
  });
});
