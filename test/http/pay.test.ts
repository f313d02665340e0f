/**
 * The hosted page's Pay section and POST /i/{token}/pay through the real routes: what is offered, the
 * redirect to the checkout, tips, schedule entries, refusals (the page again, 4xx), live invoices with
 * and without Stripe, and a payment still being processed or confirmed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordProviderPayment } from '../../src/invoicing/provider-payments.ts';
import { lockInvoice } from '../../src/invoicing/read-invoices.ts';
import type { PaymentProvider } from '../../src/payments/types.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { enterCard, invoiceRow, paymentsOf, postForm, sentInvoice, startPayment } from '../fixtures/pay.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(async () => {
  await ctx.close();
});

const TIPS = { tipsConfiguration: { tipsEnabled: true, tipsPercentage: [10, 15] } };
const SCHEDULE = {
  paymentSchedule: {
    type: 'fixed',
    schedules: [
      { name: 'Deposit', value: 500, dueDate: '2026-11-05' },
      { name: 'Balance', value: 1519, dueDate: '2026-12-05' },
    ],
  },
};

const page = (token: string, query = '') => ctx.app.inject({ method: 'GET', url: `/i/${token}${query}` });

async function sessionRow(id: string) {
  return ctx.store.db
    .selectFrom('checkout_sessions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('the Pay section', () => {
  test('an open invoice offers the form, posting to /i/{token}/pay; the CSP allows only that and Stripe', async () => {
    const inv = await sentInvoice(ctx);
    const res = await page(inv.token);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<section id="pay"[^>]*data-state="form"/);
    assert.ok(res.body.includes(`<form method="post" action="/i/${inv.token}/pay">`));
    assert.match(res.body, /Pay \$2,019\.00/);
    assert.match(res.body, /Save this card for future payments/);
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:3000 https:\/\/checkout\.stripe\.com(;|$)/);
    assert.match(csp, /default-src 'none'/);
    assert.ok(!csp.includes('script-src'));
  });

  test('a tip is its own amount: recorded as payments.tip_amount and not counted in amountPaid', async () => {
    const inv = await sentInvoice(ctx, TIPS);
    const offered = await page(inv.token);
    assert.match(offered.body, /value="none" checked\/> No tip/);
    assert.match(offered.body, /value="10"\/> 10% <span class="muted">\(\+\$201\.90\)/);
    assert.match(offered.body, /value="15"\/> 15% <span class="muted">\(\+\$302\.85\)/);
    const { sessionId } = await startPayment(ctx, inv.token, { tip: '15' });
    const session = await sessionRow(sessionId);
    assert.deepEqual([session.amount, session.tip_amount], [201_900, 30_285]);
    const checkout = await ctx.app.inject({ method: 'GET', url: `/pay/test/${sessionId}` });
    assert.match(checkout.body, /<td>Tip<\/td><td>\$302\.85<\/td>/);
    assert.match(checkout.body, /\$2,321\.85/);
    assert.equal((await enterCard(ctx, sessionId, '4242424242424242')).statusCode, 303);
    const [payment] = await paymentsOf(ctx, inv.id);
    assert.deepEqual([payment!.amount, payment!.tip_amount], [201_900, 30_285]);
    const row = await invoiceRow(ctx, inv.id);
    assert.deepEqual([row.status, row.amount_paid], ['paid', 201_900]);
    const api = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${inv.id}?altId=${ctx.tenant.locationId}&altType=location`,
      headers: authHeaders(ctx.tenant.locationToken),
    });
    assert.equal(api.json().amountPaid, 2019);
    const receipt = await page(inv.token, `?paid=${sessionId}`);
    assert.match(receipt.body, /<th class="num">Tip<\/th>/);
    assert.match(receipt.body, /<td class="num">\$2,019\.00<\/td><td class="num">\$302\.85<\/td>/);
  });

  test('a tip the invoice does not offer is refused: the page again (400) with the choices kept', async () => {
    const inv = await sentInvoice(ctx, TIPS);
    const res = await postForm(ctx, `/i/${inv.token}/pay`, { pay: 'due', tip: '12', saveMethod: 'on' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /role="alert">That tip is not one this invoice offers</);
    assert.match(res.body, /name="saveMethod" value="on" checked/);
    const plain = await sentInvoice(ctx);
    const noTips = await postForm(ctx, `/i/${plain.token}/pay`, { pay: 'due', tip: '10' });
    assert.equal(noTips.statusCode, 400);
    assert.equal(
      (
        await ctx.store.db
          .selectFrom('checkout_sessions')
          .select('id')
          .where('invoice_id', '=', inv.id)
          .execute()
      ).length,
      0,
    );
  });

  test('with a schedule: every entry shown, the next one paid, then the one after', async () => {
    const inv = await sentInvoice(ctx, SCHEDULE);
    const before = await page(inv.token);
    assert.match(
      before.body,
      /<td>Deposit<\/td><td>November 5, 2026<\/td><td class="num">\$500\.00<\/td><td class="num"><span class="pill">Due</,
    );
    assert.match(
      before.body,
      /<td>Balance<\/td><td>December 5, 2026<\/td><td class="num">\$1,519\.00<\/td><td class="num"><span class="pill">Due</,
    );
    assert.match(
      before.body,
      /Next payment: <strong>Deposit<\/strong>, due November 5, 2026 <strong>\$500\.00<\/strong>/,
    );
    assert.ok(before.body.includes('name="pay" value="next_entry"'));
    const { sessionId } = await startPayment(ctx, inv.token, { pay: 'next_entry' });
    const session = await sessionRow(sessionId);
    assert.equal(session.amount, 50_000);
    assert.equal(session.schedule_entry_ids.length, 1);
    assert.equal((await enterCard(ctx, sessionId, '4242424242424242')).statusCode, 303);
    const row = await invoiceRow(ctx, inv.id);
    assert.deepEqual([row.status, row.amount_paid], ['partially_paid', 50_000]);
    assert.deepEqual(
      row.payment_schedule!.schedules.map((e) => [e.name, e.status]),
      [
        ['Deposit', 'paid'],
        ['Balance', 'pending'],
      ],
    );
    const after = await page(inv.token, `?paid=${sessionId}`);
    assert.match(after.body, /Thank you! Your payment was received\./);
    assert.match(after.body, /<td>Deposit<\/td>.*?<span class="pill pill-paid">Paid</);
    assert.match(
      after.body,
      /Next payment: <strong>Balance<\/strong>, due December 5, 2026 <strong>\$1,519\.00<\/strong>/,
    );
    assert.match(after.body, /<p class="label">Payments received<\/p>/);
    assert.match(after.body, /id="amount-due">\$1,519\.00</);
  });

  test('refusals re-render the page with the reason and a 4xx; an unknown token is the 404 page', async () => {
    const paid = await sentInvoice(ctx);
    const { sessionId } = await startPayment(ctx, paid.token);
    await enterCard(ctx, sessionId, '4242424242424242');
    const again = await postForm(ctx, `/i/${paid.token}/pay`, { pay: 'due' });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /role="alert">Invoice is already paid; nothing is due</);

    const voided = await sentInvoice(ctx);
    await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${voided.id}/void`,
      headers: authHeaders(ctx.tenant.locationToken),
      payload: { altId: ctx.tenant.locationId, altType: 'location' },
    });
    const voidPage = await page(voided.token);
    assert.match(voidPage.body, /Nothing is due<strong id="amount-due">Void</);
    assert.match(voidPage.body, /<td>Amount due<\/td><td>\$0\.00<\/td>/);
    assert.ok(!voidPage.body.includes('id="pay"'));
    const onVoid = await postForm(ctx, `/i/${voided.token}/pay`, { pay: 'due' });
    assert.equal(onVoid.statusCode, 400);
    assert.match(onVoid.body, /a void invoice cannot be paid/);

    const open = await sentInvoice(ctx);
    const bad = await postForm(ctx, `/i/${open.token}/pay`, { pay: 'everything' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The payment form was not filled in as expected/);
    assert.match(bad.body, /<section id="pay"/);
    const unknown = await postForm(ctx, `/i/${'A'.repeat(43)}/pay`, { pay: 'due' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /Invoice not found/);
    assert.equal((await postForm(ctx, '/i/x/pay', {})).statusCode, 404);
  });

  test('a live invoice without Stripe: "not set up", no button; posting anyway is a 409, never a 5xx', async () => {
    const inv = await sentInvoice(ctx, { liveMode: true });
    const res = await page(inv.token);
    assert.match(res.body, /<section id="pay"[^>]*data-state="not_set_up"/);
    assert.match(res.body, /Online payment is not set up for this invoice/);
    assert.ok(!res.body.includes('<button'));
    const posted = await postForm(ctx, `/i/${inv.token}/pay`, { pay: 'due' });
    assert.equal(posted.statusCode, 409);
    assert.match(posted.body, /Online payment is not set up for this invoice/);
    assert.match(posted.headers['content-type'] as string, /text\/html/);
  });

  test('a payment being processed is shown; nothing else is offered while it covers what is due', async () => {
    const inv = await sentInvoice(ctx);
    await ctx.store.db.transaction().execute(async (trx) => {
      const stored = await lockInvoice(trx, ctx.tenant.locationId, inv.id);
      await recordProviderPayment(trx, stored, {
        provider: 'test',
        ref: `pi_test_processing_${inv.id}`,
        amount: 201_900,
        tip: 0,
        status: 'processing',
        entryIds: [],
        actor: { kind: 'customer' },
        source: {},
      });
    });
    assert.equal((await invoiceRow(ctx, inv.id)).status, 'payment_processing');
    const res = await page(inv.token);
    assert.match(res.body, /<section id="pay"[^>]*data-state="processing"/);
    assert.match(res.body, /A payment for this invoice is being processed\./);
    assert.ok(!res.body.includes('<button'));
    const posted = await postForm(ctx, `/i/${inv.token}/pay`, { pay: 'due' });
    assert.equal(posted.statusCode, 400);
    assert.match(posted.body, /Nothing is due on this invoice/);
  });
});

describe('a live invoice with Stripe', () => {
  const created: string[] = [];
  const stripe: PaymentProvider = {
    kind: 'stripe',
    ensureCustomer: async () => 'cus_1',
    async createCheckout(request) {
      created.push(request.successUrl);
      return {
        ref: `cs_live_${request.metadata.sessionId}`,
        url: `https://checkout.stripe.com/c/pay/cs_live_${request.metadata.sessionId}`,
      };
    },
    findMethod: async () => undefined,
    charge: async () => ({ status: 'failed', reason: 'not in this test' }),
    refund: async () => ({ ref: 're_1', status: 'succeeded' }),
  };
  before(() => {
    ctx.app.services.providers.stripe = stripe;
  });
  after(() => {
    delete ctx.app.services.providers.stripe;
  });

  test('the form redirects to Stripe Checkout; back before the webhook, the payment is being confirmed', async () => {
    const inv = await sentInvoice(ctx, { liveMode: true });
    const offered = await page(inv.token);
    assert.match(offered.body, /data-state="form"/);
    assert.ok(!offered.body.includes('Test mode: you pay with a test card'));
    const res = await postForm(ctx, `/i/${inv.token}/pay`, { pay: 'due', tip: 'none' });
    assert.equal(res.statusCode, 303);
    const match = /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_live_([0-9a-f]+)$/.exec(
      String(res.headers.location),
    );
    assert.ok(match, String(res.headers.location));
    const sessionId = match[1]!;
    assert.equal(created.at(-1), `http://127.0.0.1:3000/i/${inv.token}?paid=${sessionId}`);
    const back = await page(inv.token, `?paid=${sessionId}`);
    assert.equal(back.statusCode, 200);
    assert.match(back.body, /<section id="pay"[^>]*data-state="confirming"/);
    assert.match(back.body, /Your payment is being confirmed\./);
    assert.ok(back.body.includes('<meta http-equiv="refresh" content="5">'));
    assert.ok(!back.body.includes('<button'));
    // Someone else's session id in the link changes nothing.
    const other = await page(inv.token, '?paid=000000000000000000000000');
    assert.match(other.body, /data-state="form"/);
  });
});
