/**
 * Live-mode payments end to end through the real Stripe SDK and the fake Stripe: a checkout from the
 * page's use case, Stripe's signed events arriving at POST /payments/stripe/webhook (twice, out of order,
 * a delayed method), refunds through Stripe, Stripe's currency rules and a location's own account.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startCheckout } from '../../src/invoicing/checkout.ts';
import { setLocationStripeAccount } from '../../src/tenancy/locations.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { type FakeStripe, startFakeStripe } from '../fixtures/fake-stripe.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let fake: FakeStripe;
let ctx: TestContext;
let headers: Record<string, string>;

before(async () => {
  fake = await startFakeStripe();
  ctx = await setupApp({ payments: { stripe: fake.providerOptions() } });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  fake.webhookUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}/payments/stripe/webhook`;
  headers = authHeaders(ctx.tenant.locationToken);
});
after(async () => {
  await ctx.close();
  await fake.close();
});

const loc = () => ctx.tenant.locationId;

/** A live-mode invoice, sent, with its page token. */
async function liveInvoice(overrides: Record<string, unknown> = {}) {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc(), { liveMode: true, ...overrides });
  const sent = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${inv._id}/send`,
    headers,
    payload: {
      altId: loc(),
      altType: 'location',
      userId: ctx.tenant.userId,
      action: 'send_manually',
      liveMode: true,
    },
  });
  assert.equal(sent.statusCode, 200, sent.body);
  const row = await ctx.store.db
    .selectFrom('invoices')
    .select('public_token')
    .where('id', '=', inv._id)
    .executeTakeFirstOrThrow();
  return { id: inv._id as string, token: row.public_token };
}

async function invoice(id: string) {
  return (
    await ctx.app.inject({ method: 'GET', url: `/invoices/${id}?altId=${loc()}&altType=location`, headers })
  ).json();
}

async function sessionRef(invoiceId: string) {
  const row = await ctx.store.db
    .selectFrom('checkout_sessions')
    .select(['id', 'provider_ref'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.provider_ref!;
}

const payments = (invoiceId: string) =>
  ctx.store.db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).execute();

describe('Stripe Checkout', () => {
  test('paid on Stripe: the events pay the invoice once, however often they come', async () => {
    const { id, token } = await liveInvoice();
    const { url } = await startCheckout(ctx.app.services, token, { pay: 'due', saveMethod: true });
    assert.match(url, /\/c\/pay\/cs_/);
    const ref = await sessionRef(id);
    const session = fake.get(ref) as unknown as { amount_total: number; success_url: string };
    assert.equal(session.amount_total, 201900);
    assert.match(session.success_url, new RegExp(`/i/${token}\\?paid=`));
    const { deliveries } = await fake.completeCheckout(ref, { outcome: 'paid' });
    for (const d of deliveries) assert.equal(d.status, 200, d.body);
    const paid = await invoice(id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amountPaid, 2019);
    // Every event again: nothing more happens.
    for (const d of deliveries) {
      const again = await fake.redeliver(d.event.id);
      assert.equal(again.status, 200, again.body);
      assert.match(again.body, /"outcome":"duplicate"/);
    }
    const rows = await payments(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.provider, 'stripe');
    assert.match(rows[0]!.provider_ref!, /^pi_/);
    const receipts = await ctx.store.db
      .selectFrom('deliveries')
      .select('request')
      .where('invoice_id', '=', id)
      .execute();
    assert.equal(receipts.filter((r) => r.request.kind === 'receipt').length, 1);
  });

  test("a card saved on Stripe Checkout is listed on its payment and accepted for the next invoice's auto-payment", async () => {
    const { id, token } = await liveInvoice();
    await startCheckout(ctx.app.services, token, { pay: 'due', saveMethod: true });
    const { deliveries } = await fake.completeCheckout(await sessionRef(id), { outcome: 'paid' });
    for (const d of deliveries) assert.equal(d.status, 200, d.body);
    const listed = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${id}/payments?altId=${loc()}&altType=location`,
      headers,
    });
    const saved = listed.json().payments[0].savedPaymentMethod;
    assert.match(saved.customerId, /^cus_/);
    assert.match(saved.paymentMethodId, /^pm_/);
    const method = fake.get(saved.paymentMethodId) as unknown as { customer: string };
    assert.equal(method.customer, saved.customerId);

    const next = await createInvoice(ctx.app, ctx.tenant.locationToken, loc(), { liveMode: true });
    const sent = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${next._id}/send`,
      headers,
      payload: {
        altId: loc(),
        altType: 'location',
        userId: ctx.tenant.userId,
        action: 'send_manually',
        liveMode: true,
        autoPayment: { enable: true, ...saved },
      },
    });
    assert.equal(sent.statusCode, 200, sent.body);
    const charges = await ctx.store.db
      .selectFrom('charges')
      .selectAll()
      .where('invoice_id', '=', next._id)
      .execute();
    assert.deepEqual(
      charges.map((c) => [c.provider, c.customer_ref, c.method_ref]),
      [['stripe', saved.customerId, saved.paymentMethodId]],
    );
  });

  test('events out of order record the payment once', async () => {
    const { id, token } = await liveInvoice();
    await startCheckout(ctx.app.services, token, { pay: 'due', saveMethod: false });
    const { events } = await fake.completeCheckout(await sessionRef(id), { outcome: 'paid', deliver: false });
    const results = await fake.deliverAll([...events].reverse());
    for (const r of results) assert.equal(r.status, 200, r.body);
    assert.equal((await payments(id)).length, 1);
    assert.equal((await invoice(id)).status, 'paid');
  });

  test('a delayed method: payment_processing until Stripe settles it', async () => {
    const { id, token } = await liveInvoice();
    await startCheckout(ctx.app.services, token, { pay: 'due', saveMethod: false });
    const ref = await sessionRef(id);
    await fake.completeCheckout(ref, { outcome: 'processing' });
    assert.equal((await invoice(id)).status, 'payment_processing');
    assert.equal((await invoice(id)).amountPaid, 0);
    await fake.settleCheckout(ref, 'succeeded');
    assert.equal((await invoice(id)).status, 'paid');
    assert.equal((await payments(id))[0]!.status, 'succeeded');
  });

  test('a refund goes through Stripe and the invoice follows', async () => {
    const { id, token } = await liveInvoice();
    await startCheckout(ctx.app.services, token, { pay: 'due', saveMethod: false });
    await fake.completeCheckout(await sessionRef(id), { outcome: 'paid' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${id}/refund`,
      headers,
      payload: { altId: loc(), altType: 'location', amount: 19 },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().invoice.status, 'partially_paid');
    const refund = fake.requests.filter((r) => r.path === '/v1/refunds').at(-1)!;
    assert.equal(refund.body.amount, '1900');
    assert.match(refund.idempotencyKey!, /^refund:/);
  });

  test('paid on Stripe after the invoice was voided: recorded, flagged to be refunded, the invoice stays void', async () => {
    const { id, token } = await liveInvoice();
    await startCheckout(ctx.app.services, token, { pay: 'due', saveMethod: false });
    const voided = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${id}/void`,
      headers,
      payload: { altId: loc(), altType: 'location' },
    });
    assert.equal(voided.statusCode, 200, voided.body);
    const { deliveries } = await fake.completeCheckout(await sessionRef(id), { outcome: 'paid' });
    for (const d of deliveries) assert.equal(d.status, 200, d.body);
    const [payment, ...more] = await payments(id);
    assert.equal(more.length, 0);
    assert.equal(payment!.status, 'succeeded');
    assert.equal(payment!.needs_refund, true);
    const after = await invoice(id);
    assert.equal(after.status, 'void');
    const listed = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${id}/payments?altId=${loc()}&altType=location`,
      headers,
    });
    assert.equal(listed.json().payments[0].needsRefund, true);
    const flagged = await ctx.store.db
      .selectFrom('invoice_events')
      .select('type')
      .where('invoice_id', '=', id)
      .where('type', '=', 'payment_needs_refund')
      .execute();
    assert.equal(flagged.length, 1);
  });

  test("Stripe's currency rules: a KWD amount not ending in 0 cannot be paid online", async () => {
    const { token } = await liveInvoice({
      currency: 'KWD',
      items: [{ name: 'Work', currency: 'KWD', amount: 1.255, qty: 1 }],
    });
    await assert.rejects(
      startCheckout(ctx.app.services, token, { pay: 'due', saveMethod: false }),
      (err: Error) => /multiple of 0\.010/.test(err.message),
    );
  });

  test("a location's own Stripe account (Connect) is used for its checkouts", async () => {
    await setLocationStripeAccount({ store: ctx.store }, loc(), 'acct_1TestConnect');
    try {
      const { token } = await liveInvoice();
      await startCheckout(ctx.app.services, token, { pay: 'due', saveMethod: false });
      const created = fake.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
      assert.equal(created.account, 'acct_1TestConnect');
    } finally {
      await setLocationStripeAccount({ store: ctx.store }, loc(), null);
    }
  });

  test('a bad signature is a 400 and changes nothing', async () => {
    const res = await fetch(fake.webhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=bad' },
      body: JSON.stringify({ id: 'evt_forged', type: 'checkout.session.completed' }),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      statusCode: 400,
      message: 'The Stripe-Signature header does not match the body',
      error: 'Bad Request',
    });
  });
});
