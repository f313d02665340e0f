/** The Stripe provider through the real SDK against the fake Stripe (test/fixtures/fake-stripe.ts). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createStripeProvider,
  STRIPE_API_VERSION,
  StripeAmountError,
  type StripeProvider,
  StripeProviderError,
} from '../../src/payments/stripe.ts';
import { type FakeStripe, startFakeStripe } from '../fixtures/fake-stripe.ts';
import { chargeRequest, checkoutRequest as checkout, lastRequest as lastOf } from '../fixtures/payments.ts';

let fake: FakeStripe;
let stripe: StripeProvider;

before(async () => {
  fake = await startFakeStripe();
  stripe = createStripeProvider(fake.providerOptions());
});
after(() => fake.close());

const lastRequest = (path: string, method?: string) => lastOf(fake, path, method);

describe('customers', () => {
  test('a new customer with the contact email and name; the SDK speaks Stripe form encoding', async () => {
    const ref = await stripe.ensureCustomer({ email: 'ada@example.test', name: 'Ada Lovelace' });
    assert.match(ref, /^cus_/);
    assert.equal(fake.get(ref)?.email, 'ada@example.test');
    const request = lastRequest('/v1/customers');
    assert.deepEqual(request.body, { email: 'ada@example.test', name: 'Ada Lovelace' });
    assert.equal(request.stripeVersion, STRIPE_API_VERSION);
  });

  test('an existing customer is reused; a deleted or unknown one is replaced', async () => {
    const ref = await stripe.ensureCustomer({ email: 'bob@example.test' });
    const before = fake.creations('customer').length;
    assert.equal(await stripe.ensureCustomer({ existingRef: ref, email: 'bob@example.test' }), ref);
    assert.equal(fake.creations('customer').length, before);

    fake.store.deleteCustomer(ref, { account: undefined });
    const replaced = await stripe.ensureCustomer({ existingRef: ref, email: 'bob@example.test' });
    assert.notEqual(replaced, ref);
    const unknown = await stripe.ensureCustomer({
      existingRef: 'cus_doesnotexist',
      email: 'bob@example.test',
    });
    assert.notEqual(unknown, replaced);
    assert.equal(fake.creations('customer').length, before + 2);
  });

  test("Connect: every call carries the location's account, and its objects stay in it", async () => {
    const ref = await stripe.ensureCustomer({ email: 'c@example.test', account: 'acct_123' });
    assert.equal(lastRequest('/v1/customers').account, 'acct_123');
    assert.equal(await stripe.ensureCustomer({ existingRef: ref, account: 'acct_123' }), ref);
    assert.equal(lastRequest(`/v1/customers/${ref}`, 'GET').account, 'acct_123');
    // The platform account does not see it.
    assert.notEqual(await stripe.ensureCustomer({ existingRef: ref }), ref);
  });
});

describe('checkout sessions', () => {
  test('the invoice amount and the tip as two lines, our metadata on the session and its PaymentIntent', async () => {
    const session = await stripe.createCheckout(checkout({ tip: 300 }));
    assert.match(session.ref, /^cs_test_/);
    const { body } = lastRequest('/v1/checkout/sessions');
    const line = (name: string, amount: string) => ({
      quantity: '1',
      price_data: { currency: 'usd', unit_amount: amount, product_data: { name } },
    });
    assert.deepEqual(body, {
      mode: 'payment',
      line_items: [line('Invoice INV-12 from Acme', '1999'), line('Tip', '300')],
      metadata: { invoiceId: 'inv_1', locationId: 'loc_1', sessionId: 'ses_1' },
      client_reference_id: 'ses_1',
      payment_intent_data: {
        metadata: { invoiceId: 'inv_1', locationId: 'loc_1', sessionId: 'ses_1' },
        description: 'Invoice INV-12 from Acme',
      },
      success_url: 'http://127.0.0.1:3000/pay/done',
      cancel_url: 'http://127.0.0.1:3000/pay/cancel',
      customer_email: 'payer@example.test',
    });
    assert.equal(fake.get(session.ref)?.amount_total, 2299);

    const page = await fetch(session.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Total: <strong>2299 USD/);

    const { paymentIntent } = await fake.completeCheckout(session.ref, { outcome: 'paid' });
    assert.deepEqual(paymentIntent.metadata, { invoiceId: 'inv_1', locationId: 'loc_1', sessionId: 'ses_1' });
    assert.equal(paymentIntent.amount, 2299);
  });

  test("amounts in Stripe's units for JPY and KWD; an amount Stripe cannot charge is refused before any call", async () => {
    await stripe.createCheckout(checkout({ currency: 'JPY', amount: 5000 }));
    assert.deepEqual(lastRequest('/v1/checkout/sessions').body.line_items, [
      {
        quantity: '1',
        price_data: { currency: 'jpy', unit_amount: '5000', product_data: { name: checkout().description } },
      },
    ]);
    await stripe.createCheckout(checkout({ currency: 'KWD', amount: 12340, tip: 500 }));
    const items = lastRequest('/v1/checkout/sessions').body.line_items as {
      price_data: { unit_amount: string };
    }[];
    assert.deepEqual(
      items.map((i) => i.price_data.unit_amount),
      ['12340', '500'],
    );
    const before = fake.requests.length;
    await assert.rejects(
      stripe.createCheckout(checkout({ currency: 'KWD', amount: 12345 })),
      (err: unknown) =>
        err instanceof StripeAmountError &&
        err.message === 'KWD amounts must be a multiple of 0.010 for online payment',
    );
    assert.equal(fake.requests.length, before);
  });

  test("saving the method: the contact's customer and setup_future_usage, then the method is the customer's", async () => {
    const customerRef = await stripe.ensureCustomer({ email: 'save@example.test' });
    const session = await stripe.createCheckout(checkout({ customerRef, saveMethod: true }));
    const { body } = lastRequest('/v1/checkout/sessions');
    assert.equal(body.customer, customerRef);
    assert.equal(body.customer_email, undefined);
    assert.equal((body.payment_intent_data as Record<string, unknown>).setup_future_usage, 'off_session');
    const { paymentMethod } = await fake.completeCheckout(session.ref, { outcome: 'paid' });
    const saved = await stripe.findMethod(customerRef, paymentMethod.id);
    assert.deepEqual(saved, {
      ref: paymentMethod.id,
      customerRef,
      type: 'card',
      brand: 'visa',
      last4: '4242',
    });
  });

  test('saving without a customer lets Checkout make one', async () => {
    await stripe.createCheckout(checkout({ saveMethod: true }));
    assert.equal(lastRequest('/v1/checkout/sessions').body.customer_creation, 'always');
  });
});

describe('saved methods', () => {
  test("the customer's own method; another customer's or an unknown one is not found", async () => {
    const mine = fake.createCustomer({ email: 'mine@example.test' });
    const theirs = fake.createCustomer({ email: 'theirs@example.test' });
    const method = fake.saveMethod(mine, 'pm_card_mastercard');
    assert.deepEqual(await stripe.findMethod(mine, method), {
      ref: method,
      customerRef: mine,
      type: 'card',
      brand: 'mastercard',
      last4: '4444',
    });
    assert.equal(await stripe.findMethod(theirs, method), undefined);
    assert.equal(await stripe.findMethod(mine, 'pm_doesnotexist'), undefined);
  });
});

describe('refunds', () => {
  test('a part and then the rest of a payment; more than is left is refused', async () => {
    const customer = fake.createCustomer();
    const paid = await stripe.charge(
      chargeRequest({ customerRef: customer, methodRef: fake.saveMethod(customer), amount: 5000 }),
    );
    assert.ok(paid.ref);
    const part = { paymentRef: paid.ref, amount: 2000, currency: 'USD', idempotencyKey: 'refund-1' };
    const first = await stripe.refund(part);
    assert.match(first.ref, /^re_/);
    assert.deepEqual(first, { ref: first.ref, status: 'succeeded' });
    assert.deepEqual(lastRequest('/v1/refunds').body, { payment_intent: paid.ref, amount: '2000' });
    assert.equal(lastRequest('/v1/refunds').idempotencyKey, 'refund-1');
    assert.deepEqual(await stripe.refund(part), first);
    assert.equal(fake.creations('refund').filter((c) => c.idempotencyKey === 'refund-1').length, 1);

    fake.store.nextRefundStatus = 'pending';
    const rest = await stripe.refund({ ...part, amount: 3000, idempotencyKey: 'refund-2' });
    fake.store.nextRefundStatus = 'succeeded';
    assert.equal(rest.status, 'pending');
    await assert.rejects(
      stripe.refund({ ...part, amount: 1, idempotencyKey: 'refund-3' }),
      (err: unknown) =>
        err instanceof StripeProviderError &&
        err.status === 400 &&
        err.code === 'charge_already_refunded' &&
        !err.retryable,
    );
  });

  test('refund amounts follow the currency rules too', async () => {
    await assert.rejects(
      stripe.refund({ paymentRef: 'pi_x', amount: 1005, currency: 'KWD', idempotencyKey: 'refund-kwd' }),
      StripeAmountError,
    );
  });
});
