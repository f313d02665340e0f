/**
 * The test provider's checkout through the real routes (GET/POST /pay/test/{sessionId}): every test card's
 * outcome, the confirmation step, saving the card, and no card number anywhere in the database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startChargeWorkers } from '../../src/jobs/charge-workers.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { enterCard, invoiceRow, paymentsOf, postForm, sentInvoice, startPayment } from '../fixtures/pay.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(async () => {
  await ctx.close();
});

const TOTAL = 201_900;

async function deliveriesOf(invoiceId: string) {
  return ctx.store.db
    .selectFrom('deliveries')
    .select(['request', 'transport', 'recipient'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .execute();
}

describe('the test checkout', () => {
  test('4242: the checkout page, then the ledger row, a paid invoice, the receipt queued and shown', async () => {
    const inv = await sentInvoice(ctx);
    const { sessionId, location } = await startPayment(ctx, inv.token);
    assert.equal(location, `http://127.0.0.1:3000/pay/test/${sessionId}`);

    const checkout = await ctx.app.inject({ method: 'GET', url: `/pay/test/${sessionId}` });
    assert.equal(checkout.statusCode, 200);
    assert.match(checkout.headers['content-security-policy'] as string, /form-action 'self'/);
    assert.ok(!/script-src/.test(checkout.headers['content-security-policy'] as string));
    for (const expected of [
      'TEST MODE',
      'Acme Studio',
      `INV-${inv.number}`,
      '$2,019.00',
      'name="cardNumber"',
    ]) {
      assert.ok(checkout.body.includes(expected), expected);
    }

    const paid = await enterCard(ctx, sessionId, '4242 4242 4242 4242');
    assert.equal(paid.statusCode, 303, paid.body);
    assert.equal(paid.headers.location, `/i/${inv.token}?paid=${sessionId}`);

    const [payment, ...others] = await paymentsOf(ctx, inv.id);
    assert.equal(others.length, 0);
    assert.equal(payment!.amount, TOTAL);
    assert.equal(payment!.status, 'succeeded');
    assert.equal(payment!.provider, 'test');
    assert.deepEqual([payment!.card_brand, payment!.card_last4], ['visa', '4242']);
    const row = await invoiceRow(ctx, inv.id);
    assert.deepEqual([row.status, row.amount_paid], ['paid', TOTAL]);
    const receipts = (await deliveriesOf(inv.id)).filter((d) => d.request.kind === 'receipt');
    assert.equal(receipts.length, 1);
    assert.equal(receipts[0]!.request.paymentId, payment!.id);
    assert.equal(receipts[0]!.transport, 'outbox');

    const page = await ctx.app.inject({ method: 'GET', url: String(paid.headers.location) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Thank you! Your payment was received\./);
    assert.match(page.body, /<section id="receipt"/);
    assert.match(page.body, /Visa ending 4242/);
    assert.match(page.body, /This invoice has been paid/);
    assert.ok(!page.body.includes('id="pay"'));

    // The checkout, done, leads to the receipt; entering a card again changes nothing.
    const again = await ctx.app.inject({ method: 'GET', url: `/pay/test/${sessionId}` });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, `/i/${inv.token}?paid=${sessionId}`);
    assert.equal((await enterCard(ctx, sessionId, '4242424242424242')).statusCode, 303);
    assert.equal((await paymentsOf(ctx, inv.id)).length, 1);
  });

  for (const [number, message] of [
    ['4000000000000002', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds.'],
    ['4000-0000-0000-0069', 'Your card has expired.'],
  ] as const) {
    test(`${number}: 402, the checkout again with "${message}", nothing paid; another card then pays`, async () => {
      const inv = await sentInvoice(ctx);
      const { sessionId } = await startPayment(ctx, inv.token);
      const declined = await enterCard(ctx, sessionId, number);
      assert.equal(declined.statusCode, 402);
      assert.match(declined.body, new RegExp(`role="alert">${message.replace('.', '\\.')}<`));
      assert.ok(declined.body.includes('name="cardNumber"'), 'the card form again');
      const field = /<input[^>]*name="cardNumber"[^>]*>/.exec(declined.body)![0];
      assert.ok(!field.includes('value='), 'the number is not echoed back');
      assert.equal((await paymentsOf(ctx, inv.id)).length, 0);
      assert.equal((await invoiceRow(ctx, inv.id)).status, 'sent');
      const events = await ctx.store.db
        .selectFrom('invoice_events')
        .select(['type', 'data'])
        .where('invoice_id', '=', inv.id)
        .where('type', '=', 'payment_failed')
        .execute();
      assert.equal(events.length, 1);
      assert.equal((events[0]!.data as { reason: string }).reason, message);
      assert.equal((await enterCard(ctx, sessionId, '4242424242424242')).statusCode, 303);
      assert.equal((await invoiceRow(ctx, inv.id)).status, 'paid');
    });
  }

  test('not a test card, or not a card number: 422 with the message, nothing recorded', async () => {
    const inv = await sentInvoice(ctx);
    const { sessionId } = await startPayment(ctx, inv.token);
    for (const number of ['4242424242424241', '4111111111111111', 'abc', '']) {
      const res = await enterCard(ctx, sessionId, number);
      assert.equal(res.statusCode, 422, number);
      assert.match(res.body, /That is not one of the test card numbers/);
    }
    const noBody = await ctx.app.inject({ method: 'POST', url: `/pay/test/${sessionId}` });
    assert.equal(noBody.statusCode, 422);
    assert.equal((await paymentsOf(ctx, inv.id)).length, 0);
  });

  test('3155: the bank asks to confirm; Approve pays', async () => {
    const inv = await sentInvoice(ctx);
    const { sessionId } = await startPayment(ctx, inv.token);
    const asked = await enterCard(ctx, sessionId, '4000002500003155');
    assert.equal(asked.statusCode, 200);
    assert.match(asked.body, /Your bank asks you to confirm this payment/);
    assert.match(asked.body, /Visa ending 3155/);
    // Reloading the checkout shows the same step.
    const reload = await ctx.app.inject({ method: 'GET', url: `/pay/test/${sessionId}` });
    assert.match(reload.body, /Your bank asks you to confirm this payment/);
    assert.equal((await paymentsOf(ctx, inv.id)).length, 0);
    const approved = await postForm(ctx, `/pay/test/${sessionId}/confirm`, { approve: 'true' });
    assert.equal(approved.statusCode, 303);
    assert.equal(approved.headers.location, `/i/${inv.token}?paid=${sessionId}`);
    const [payment] = await paymentsOf(ctx, inv.id);
    assert.equal(payment!.card_last4, '3155');
    assert.equal((await invoiceRow(ctx, inv.id)).status, 'paid');
  });

  test('3155: Refuse is a 402 and the card form again; confirming with nothing to confirm is a 422', async () => {
    const inv = await sentInvoice(ctx);
    const { sessionId } = await startPayment(ctx, inv.token);
    await enterCard(ctx, sessionId, '4000 0025 0000 3155');
    const refused = await postForm(ctx, `/pay/test/${sessionId}/confirm`, { approve: 'false' });
    assert.equal(refused.statusCode, 402);
    assert.match(refused.body, /The card holder did not confirm the payment\./);
    assert.ok(refused.body.includes('name="cardNumber"'));
    const nothing = await postForm(ctx, `/pay/test/${sessionId}/confirm`, { approve: 'true' });
    assert.equal(nothing.statusCode, 422);
    assert.match(nothing.body, /There is nothing to confirm/);
    assert.equal((await paymentsOf(ctx, inv.id)).length, 0);
    assert.equal((await invoiceRow(ctx, inv.id)).status, 'sent');
  });

  test("the saved card is listed on its payment, and auto-pays the contact's next invoice", async () => {
    const contactDetails = { id: 'contact-again', name: 'Ada Again', email: 'ada@example.com' };
    const first = await sentInvoice(ctx, { contactDetails });
    const { sessionId } = await startPayment(ctx, first.token, { saveMethod: 'on' });
    assert.equal((await enterCard(ctx, sessionId, '4242424242424242')).statusCode, 303);
    const { locationId, locationToken, userId } = ctx.tenant;
    const headers = authHeaders(locationToken);
    const listed = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${first.id}/payments?altId=${locationId}&altType=location`,
      headers,
    });
    const saved = listed.json().payments[0].savedPaymentMethod;
    assert.match(saved.customerId, /^cus_test_/);
    assert.match(saved.paymentMethodId, /^pm_test_/);

    const next = await createInvoice(ctx.app, locationToken, locationId, {
      contactDetails,
      issueDate: '2020-01-01',
      dueDate: '2020-01-15',
    });
    const sent = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${next._id}/send`,
      headers,
      payload: {
        altId: locationId,
        altType: 'location',
        userId,
        action: 'send_manually',
        liveMode: false,
        autoPayment: { enable: true, ...saved },
      },
    });
    assert.equal(sent.statusCode, 200, sent.body);
    const workers = startChargeWorkers({
      boss: ctx.app.boss,
      ctx: ctx.app.services,
      concurrency: 1,
      pollingIntervalSeconds: 0.1,
    });
    try {
      await waitFor('the next invoice paid by the saved card', async () => {
        const row = await invoiceRow(ctx, next._id);
        return row.status === 'paid' ? row : undefined;
      });
    } finally {
      await workers.stop();
    }
    const [payment] = await paymentsOf(ctx, next._id);
    assert.deepEqual([payment!.card_brand, payment!.card_last4], ['visa', '4242']);
    assert.deepEqual([payment!.customer_ref, payment!.method_ref], [saved.customerId, saved.paymentMethodId]);
  });

  test('a card paid without "save this card" offers nothing for later', async () => {
    const inv = await sentInvoice(ctx);
    const { sessionId } = await startPayment(ctx, inv.token);
    assert.equal((await enterCard(ctx, sessionId, '4242424242424242')).statusCode, 303);
    const [payment] = await paymentsOf(ctx, inv.id);
    assert.deepEqual([payment!.customer_ref, payment!.method_ref], [null, null]);
  });

  test('"save this card" keeps a test method for the contact; no card number anywhere in the database', async () => {
    const inv = await sentInvoice(ctx, {
      contactDetails: { id: 'contact-save', name: 'Sam Saver', email: 'sam@example.com' },
    });
    const { sessionId } = await startPayment(ctx, inv.token, { saveMethod: 'on' });
    assert.equal((await enterCard(ctx, sessionId, '4242424242424242')).statusCode, 303);
    const customer = await ctx.store.db
      .selectFrom('payment_customers')
      .selectAll()
      .where('contact_id', '=', 'contact-save')
      .executeTakeFirstOrThrow();
    assert.equal(customer.provider, 'test');
    const methods = await ctx.store.db
      .selectFrom('test_payment_methods')
      .selectAll()
      .where('customer_ref', '=', customer.customer_ref)
      .execute();
    assert.equal(methods.length, 1);
    assert.deepEqual(
      [methods[0]!.brand, methods[0]!.last4, methods[0]!.outcome],
      ['visa', '4242', 'succeeds'],
    );

    // Every row of every table (pg-boss's included) as text: no full card number entered in this file.
    const tables = await sql<{ schema: string; name: string }>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`.execute(
      ctx.store.db,
    );
    assert.ok(tables.rows.length > 10);
    for (const { schema, name } of tables.rows) {
      const rows = await sql<{
        t: string;
      }>`select t::text as t from ${sql.table(`${schema}.${name}`)} t`.execute(ctx.store.db);
      for (const { t } of rows.rows) {
        for (const number of [
          '4242424242424242',
          '4000000000000002',
          '4000002500003155',
          '4000000000009995',
        ]) {
          assert.ok(!t.includes(number), `${schema}.${name} holds ${number}`);
        }
        assert.ok(!/4242 4242 4242 4242|4000-0000-0000-0069/.test(t), `${schema}.${name} holds a number`);
      }
    }
  });

  test('an unknown or malformed session is the not-found page', async () => {
    for (const url of ['/pay/test/000000000000000000000000', '/pay/test/%3Cx%3E']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /Checkout not found/);
      const posted = await enterCard(ctx, url.slice('/pay/test/'.length), '4242424242424242');
      assert.equal(posted.statusCode, 404);
    }
  });
});
