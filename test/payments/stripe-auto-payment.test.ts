/**
 * Live-mode auto-payment through the real Stripe SDK and the fake Stripe: a send names a saved Stripe
 * method, the charge worker charges it off-session, and Stripe's signed events about that charge arrive at
 * POST /payments/stripe/webhook (possibly twice) without entering anything twice.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startChargeWorkers } from '../../src/jobs/charge-workers.ts';
import type { Workers } from '../../src/jobs/workers.ts';
import { setupApp, type TestContext } from '../fixtures/app.ts';
import {
  chargesOf,
  historyOf,
  invoiceRow,
  ledgerOf,
  PAST,
  send,
  sendBody,
  waitForCharge,
} from '../fixtures/charges.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { type FakeStripe, startFakeStripe } from '../fixtures/fake-stripe.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let fake: FakeStripe;
let ctx: TestContext;
let workers: Workers;

before(async () => {
  // apiEvents: Stripe's events about the PaymentIntents our API calls create, as Stripe sends them.
  fake = await startFakeStripe({ apiEvents: true });
  ctx = await setupApp({ payments: { stripe: fake.providerOptions() } });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  fake.webhookUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}/payments/stripe/webhook`;
  workers = startChargeWorkers({
    boss: ctx.app.boss,
    ctx: ctx.app.services,
    concurrency: 2,
    pollingIntervalSeconds: 0.1,
  });
});
after(async () => {
  await workers?.stop();
  await fake?.idle();
  await ctx?.close();
  await fake?.close();
});

/** A live invoice sent with auto-payment by a Stripe method saved from `magic`. */
async function liveAutoPaid(magic: string): Promise<{ id: string; method: string }> {
  const customer = fake.createCustomer({ email: 'alex@example.com' });
  const method = fake.saveMethod(customer, magic);
  const created = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId, {
    ...PAST,
    liveMode: true,
  });
  const autoPayment = { enable: true, customerId: customer, paymentMethodId: method };
  const res = await send(
    ctx,
    created._id,
    sendBody(ctx, { liveMode: true, action: 'send_manually', autoPayment }),
  );
  assert.equal(res.statusCode, 200, res.body);
  return { id: created._id, method };
}

/** Stripe's deliveries about this invoice's PaymentIntents, once the fake has sent them. */
async function deliveriesAbout(paymentRef: string) {
  await fake.idle();
  return fake.deliveries.filter(
    (d) => (d.event.data.object as { id?: string; payment_intent?: string }).id === paymentRef,
  );
}

const emailsOf = async (invoiceId: string, kind: string) =>
  (
    await ctx.store.db
      .selectFrom('deliveries')
      .select('request')
      .where('invoice_id', '=', invoiceId)
      .execute()
  ).filter((r) => r.request.kind === kind);

describe('auto-payment with Stripe', () => {
  test('a saved card is charged off-session; its events, however often they come, pay the invoice once', async () => {
    const { id, method } = await liveAutoPaid('pm_card_visa');
    const charge = await waitForCharge(ctx.store, id, 1, ['succeeded']);
    assert.equal(charge.provider, 'stripe');
    assert.match(charge.provider_ref ?? '', /^pi_/);
    const intent = fake.get(charge.provider_ref!) as unknown as {
      payment_method: string;
      off_session: boolean;
      metadata: Record<string, string>;
    };
    assert.equal(intent.payment_method, method);
    assert.equal(intent.metadata.chargeId, charge.id);
    assert.equal(intent.metadata.invoiceId, id);

    const delivered = await waitFor('Stripe told us about the charge', async () => {
      const found = await deliveriesAbout(charge.provider_ref!);
      return found.some((d) => d.event.type === 'payment_intent.succeeded') ? found : undefined;
    });
    for (const d of delivered) assert.equal(d.status, 200, d.body);
    for (const d of delivered) {
      const again = await fake.redeliver(d.event.id);
      assert.equal(again.status, 200, again.body);
    }

    const invoice = await invoiceRow(ctx.store, id);
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.amount_paid, invoice.total);
    const ledger = await ledgerOf(ctx.store, id);
    assert.equal(ledger.length, 1);
    assert.equal(ledger[0]!.provider_ref, charge.provider_ref);
    assert.equal((await emailsOf(id, 'receipt')).length, 1);
    assert.equal((await historyOf(ctx.store, id, 'payment_succeeded')).length, 1);
  });

  test('a declined card: one failed payment, one email and one retry, even when Stripe says so twice', async () => {
    const { id } = await liveAutoPaid('pm_card_chargeDeclined');
    const charge = await waitForCharge(ctx.store, id, 1, ['failed']);
    assert.equal(charge.provider, 'stripe');
    const delivered = await waitFor('Stripe told us about the decline', async () => {
      const found = await deliveriesAbout(charge.provider_ref!);
      return found.some((d) => d.event.type === 'payment_intent.payment_failed') ? found : undefined;
    });
    for (const d of delivered) {
      assert.equal(d.status, 200, d.body);
      assert.equal((await fake.redeliver(d.event.id)).status, 200);
    }
    const invoice = await invoiceRow(ctx.store, id);
    assert.equal(invoice.status, 'sent');
    assert.equal(invoice.amount_paid, 0);
    const charges = await chargesOf(ctx.store, id);
    assert.deepEqual(
      charges.map((c) => [c.attempt, c.status]),
      [
        [1, 'failed'],
        [2, 'scheduled'],
      ],
    );
    const ledger = await ledgerOf(ctx.store, id);
    assert.deepEqual(
      ledger.map((p) => p.status),
      ['failed'],
    );
    assert.equal((await emailsOf(id, 'payment_failed')).length, 1);
  });

  test('a card that needs authentication is not retried; the customer is asked to pay from the page', async () => {
    const { id } = await liveAutoPaid('pm_card_authenticationRequired');
    const charge = await waitForCharge(ctx.store, id, 1, ['failed']);
    assert.match(charge.last_error ?? '', /authentication_required/);
    for (const d of await deliveriesAbout(charge.provider_ref!)) assert.equal(d.status, 200, d.body);
    const charges = await chargesOf(ctx.store, id);
    assert.deepEqual(
      charges.map((c) => c.status),
      ['failed'],
    );
    assert.equal((await invoiceRow(ctx.store, id)).amount_paid, 0);
    assert.equal((await emailsOf(id, 'payment_failed')).length, 1);
  });

  test('a bank debit stays processing until Stripe says it settled; that event pays the invoice', async () => {
    const { id } = await liveAutoPaid('pm_usBankAccount');
    const charge = await waitForCharge(ctx.store, id, 1, ['processing']);
    await fake.idle();
    assert.equal((await invoiceRow(ctx.store, id)).amount_paid, 0);
    const intent = fake.get(charge.provider_ref!)!;
    const settled = { ...intent, status: 'succeeded', amount_received: intent.amount };
    for (let i = 0; i < 2; i++) {
      const delivery = await fake.sendEvent('payment_intent.succeeded', settled);
      assert.equal(delivery.status, 200, delivery.body);
    }
    const [moved] = await chargesOf(ctx.store, id);
    assert.equal(moved!.status, 'succeeded');
    const invoice = await invoiceRow(ctx.store, id);
    assert.equal(invoice.status, 'paid');
    assert.deepEqual(
      (await ledgerOf(ctx.store, id)).map((p) => p.status),
      ['succeeded'],
    );
    assert.equal((await emailsOf(id, 'receipt')).length, 1);
  });

  test('a live send naming a method Stripe does not have for that customer is refused, changing nothing', async () => {
    const customer = fake.createCustomer();
    const other = fake.createCustomer();
    const foreign = fake.saveMethod(other, 'pm_card_visa');
    const created = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId, {
      ...PAST,
      liveMode: true,
    });
    const autoPayment = { enable: true, customerId: customer, paymentMethodId: foreign };
    const res = await send(
      ctx,
      created._id,
      sendBody(ctx, { liveMode: true, action: 'send_manually', autoPayment }),
    );
    assert.equal(res.statusCode, 422, res.body);
    assert.match(String(res.json().message), /not a payment method Stripe knows for customer/);
    assert.equal((await invoiceRow(ctx.store, created._id)).status, 'draft');
    assert.equal((await chargesOf(ctx.store, created._id)).length, 0);
  });
});
