/**
 * parseWebhook on events the fake Stripe signs and POSTs as Stripe does, to a receiver standing in for the
 * app's webhook route: raw body and Stripe-Signature in, ProviderEvent (or the refusal) out.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import { createStripeProvider, type StripeProvider, StripeWebhookError } from '../../src/payments/stripe.ts';
import type { ProviderEvent } from '../../src/payments/types.ts';
import { type Delivery, type FakeStripe, startFakeStripe } from '../fixtures/fake-stripe.ts';
import { chargeRequest, checkoutRequest } from '../fixtures/payments.ts';

let fake: FakeStripe;
let stripe: StripeProvider;
let receiver: http.Server;

before(async () => {
  fake = await startFakeStripe({ apiEvents: true });
  stripe = createStripeProvider(fake.providerOptions());
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const event = stripe.parseWebhook(Buffer.concat(chunks), req.headers['stripe-signature'] as string);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(event));
      } catch (error) {
        res.writeHead(error instanceof StripeWebhookError ? 400 : 500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  fake.webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/payments/stripe/webhook`;
});
after(async () => {
  await fake.close();
  await new Promise((resolve) => receiver.close(resolve));
});

function parsed(deliveries: Delivery[]): ProviderEvent[] {
  for (const d of deliveries) assert.equal(d.status, 200, d.body);
  return deliveries.map((d) => JSON.parse(d.body) as ProviderEvent);
}

const sessionMetadata = { invoiceId: 'inv_1', locationId: 'loc_1', sessionId: 'ses_1' };

describe('Checkout events', () => {
  test('paid by card: payment_succeeded, then checkout_completed (paid), tip included', async () => {
    const customerRef = await stripe.ensureCustomer({ email: 'p@example.test' });
    const session = await stripe.createCheckout(checkoutRequest({ tip: 300, customerRef, saveMethod: true }));
    const { deliveries, paymentIntent, paymentMethod } = await fake.completeCheckout(session.ref, {
      outcome: 'paid',
    });
    const [payment, completed] = parsed(deliveries);
    assert.deepEqual(payment, {
      id: deliveries[0]!.event.id,
      kind: 'payment_succeeded',
      paymentRef: paymentIntent.id,
      amount: 2299,
      currency: 'USD',
      metadata: sessionMetadata,
      customerRef,
      methodRef: paymentMethod.id,
    });
    assert.deepEqual(completed, {
      id: deliveries[1]!.event.id,
      kind: 'checkout_completed',
      sessionRef: session.ref,
      paymentStatus: 'paid',
      amountTotal: 2299,
      currency: 'USD',
      metadata: sessionMetadata,
      paymentRef: paymentIntent.id,
      customerRef,
    });
  });

  test('a bank debit: processing first, then it settles (async_payment_succeeded means paid)', async () => {
    const session = await stripe.createCheckout(checkoutRequest({ currency: 'JPY', amount: 5000 }));
    const first = parsed((await fake.completeCheckout(session.ref, { outcome: 'processing' })).deliveries);
    assert.deepEqual(
      first.map((e) => [e.kind, 'paymentStatus' in e ? e.paymentStatus : undefined]),
      [
        ['payment_processing', undefined],
        ['checkout_completed', 'processing'],
      ],
    );
    const settled = parsed((await fake.settleCheckout(session.ref, 'succeeded')).deliveries);
    assert.deepEqual(
      settled.map((e) => [e.kind, 'paymentStatus' in e ? e.paymentStatus : undefined]),
      [
        ['payment_succeeded', undefined],
        ['checkout_completed', 'paid'],
      ],
    );
    assert.equal(settled[1]?.kind === 'checkout_completed' && settled[1].amountTotal, 5000);
  });

  test('a bank debit the bank refuses: async_payment_failed is a payment_failed', async () => {
    const session = await stripe.createCheckout(checkoutRequest({ currency: 'KWD', amount: 12340 }));
    await fake.completeCheckout(session.ref, { outcome: 'processing' });
    const { deliveries, paymentIntent } = await fake.settleCheckout(session.ref, 'failed');
    const [intentFailed, sessionFailed] = parsed(deliveries);
    assert.equal(
      intentFailed?.kind === 'payment_failed' && intentFailed.reason,
      'payment_method_provider_decline',
    );
    assert.deepEqual(sessionFailed, {
      id: deliveries[1]!.event.id,
      kind: 'payment_failed',
      paymentRef: paymentIntent.id,
      amount: 12340,
      currency: 'KWD',
      reason: 'async_payment_failed',
      metadata: sessionMetadata,
    });
  });

  test('a declined card on Checkout: payment_failed only, the session stays open for another try', async () => {
    const session = await stripe.createCheckout(checkoutRequest({ currency: 'ISK', amount: 5 }));
    const failed = parsed((await fake.completeCheckout(session.ref, { outcome: 'failed' })).deliveries);
    assert.deepEqual(
      failed.map((e) => e.kind === 'payment_failed' && [e.reason, e.amount, e.currency]),
      [['generic_decline', 5, 'ISK']],
    );
    const retried = parsed((await fake.completeCheckout(session.ref, { outcome: 'paid' })).deliveries);
    assert.deepEqual(
      retried.map((e) => e.kind),
      ['payment_succeeded', 'checkout_completed'],
    );
  });

  test('the hosted page pays and sends the payer to success_url', async () => {
    const session = await stripe.createCheckout(
      checkoutRequest({ successUrl: 'http://shop.test/ok?s={CHECKOUT_SESSION_ID}' }),
    );
    const res = await fetch(session.url, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'paid' }),
      redirect: 'manual',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `http://shop.test/ok?s=${session.ref}`);
    assert.equal(fake.get(session.ref)?.payment_status, 'paid');
  });

  test('sent twice, or out of order: the same events, each with its own id', async () => {
    const session = await stripe.createCheckout(checkoutRequest());
    const { events } = await fake.completeCheckout(session.ref, { outcome: 'paid', deliver: false });
    const reversed = parsed(await fake.deliverAll([...events].reverse()));
    assert.deepEqual(
      reversed.map((e) => e.kind),
      ['checkout_completed', 'payment_succeeded'],
    );
    const again = parsed([await fake.redeliver(events[1]!.id)]);
    assert.deepEqual(again, [reversed[0]]);
  });
});

describe('payment and refund events from API calls', () => {
  test('an off-session charge reports payment_succeeded with the charge id; a refund reports refund_updated', async () => {
    const customerRef = fake.createCustomer();
    const methodRef = fake.saveMethod(customerRef);
    const paid = await stripe.charge(chargeRequest({ customerRef, methodRef }));
    assert.equal(paid.status, 'succeeded');
    const refund = await stripe.refund({
      paymentRef: paid.ref!,
      amount: 1000,
      currency: 'USD',
      idempotencyKey: 'r1',
    });
    await fake.idle();
    const sent = fake.events.filter((e) => e.request.idempotency_key !== null).slice(-3);
    assert.deepEqual(
      sent.map((e) => e.type),
      ['payment_intent.succeeded', 'refund.created', 'charge.refunded'],
    );
    assert.deepEqual(fake.sendErrors, []);
    const [payment, created, chargeRefunded] = parsed(
      sent.map((e) => fake.deliveries.find((d) => d.event.id === e.id)!),
    );
    assert.deepEqual(payment, {
      id: sent[0]!.id,
      kind: 'payment_succeeded',
      paymentRef: paid.ref,
      amount: 5000,
      currency: 'USD',
      metadata: { invoiceId: 'inv_1', locationId: 'loc_1', chargeId: 'chg_1' },
      customerRef,
      methodRef,
    });
    const expected = {
      kind: 'refund_updated',
      refundRef: refund.ref,
      paymentRef: paid.ref,
      amount: 1000,
      status: 'succeeded',
    };
    assert.deepEqual(created, { id: sent[1]!.id, ...expected });
    // charge.refunded no longer lists its refunds (API 2022-11-15 on): the refund.* events tell.
    assert.deepEqual(chargeRefunded, { id: sent[2]!.id, kind: 'ignored', type: 'charge.refunded' });
    const listed = { ...sent[2]!.data.object, refunds: { object: 'list', data: [fake.get(refund.ref)] } };
    const [withList] = parsed([await fake.sendEvent('charge.refunded', listed)]);
    assert.deepEqual({ ...withList, id: undefined }, { id: undefined, ...expected });
    const failed = { ...fake.get(refund.ref)!, status: 'failed', failure_reason: 'expired_or_canceled_card' };
    const [update] = parsed([await fake.sendEvent('refund.updated', failed)]);
    assert.equal(update?.kind === 'refund_updated' && update.status, 'failed');
  });

  test('events we do not act on are ignored, by type', async () => {
    const customer = fake.get(fake.createCustomer())!;
    assert.deepEqual(parsed([await fake.sendEvent('customer.created', customer)])[0], {
      id: fake.events.at(-1)!.id,
      kind: 'ignored',
      type: 'customer.created',
    });
  });
});

describe('signatures', () => {
  const refused = (body: string | Buffer, header: string | undefined) =>
    assert.throws(() => stripe.parseWebhook(body, header), StripeWebhookError);

  test('a tampered body, a wrong secret, an old or missing signature are refused', () => {
    const intent = { id: 'pi_1', object: 'payment_intent', amount: 100, currency: 'usd', metadata: {} };
    const event = fake.buildEvent('payment_intent.succeeded', intent);
    const { payload, header } = fake.signedPayload(event);
    assert.equal(stripe.parseWebhook(Buffer.from(payload), header).kind, 'payment_succeeded');
    refused(payload.replace('"amount": 100', '"amount": 1'), header);
    refused(payload, fake.signedPayload(event, 'whsec_someoneelse').header);
    const old = Math.floor(Date.now() / 1000) - 3600;
    refused(
      payload,
      Stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhookSecret, timestamp: old }),
    );
    refused(payload, undefined);
    refused(payload, '');
  });

  test('a signed body that is not JSON, or not an event we can read, is refused too', () => {
    const sign = (payload: string) =>
      Stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhookSecret });
    refused('not json', sign('not json'));
    const bare = JSON.stringify(
      fake.buildEvent('payment_intent.succeeded', { id: 'pi_2', object: 'payment_intent' }),
    );
    refused(bare, sign(bare));
  });
});
