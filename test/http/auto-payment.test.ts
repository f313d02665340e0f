/**
 * A send's autoPayment (docs/send-invoice.md §4): accepted only for a method the invoice's provider
 * knows for the customer, refused after §1 row 10 with a 422 naming the field, and a refusal changes
 * nothing. Card numbers and CVCs are refused and never stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { insertTestMethod } from '../../src/store/test-methods.ts';
import { authHeaders, seedTenant, setupApp, type TestContext } from '../fixtures/app.ts';
import { chargesOf, FUTURE, historyOf, invoiceRow, send, sendBody } from '../fixtures/charges.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
  await insertTestMethod(ctx.store.db, {
    id: 'pm_test_saved_a',
    locationId: ctx.tenant.locationId,
    customerRef: 'cus_test_a',
    brand: 'mastercard',
    last4: '4444',
    outcome: 'succeeds',
  });
});
after(async () => {
  await ctx?.close();
});

const newInvoice = async (overrides: Record<string, unknown> = FUTURE) =>
  (await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId, overrides))._id as string;

const withAuto = (autoPayment: object, overrides: Record<string, unknown> = {}) =>
  sendBody(ctx, { autoPayment, ...overrides });

/** Everything a send may touch, auto-payment's rows and jobs included. */
async function snapshot() {
  const row = await sql<{ s: string }>`
    select md5(concat_ws('|',
      (select string_agg(t::text, ',' order by t.id) from invoices t),
      (select string_agg(t::text, ',' order by t.id) from invoice_events t),
      (select string_agg(t::text, ',' order by t.id) from deliveries t),
      (select string_agg(t::text, ',' order by t.id) from webhook_events t),
      (select string_agg(t::text, ',' order by t.id) from charges t),
      (select string_agg(t::text, ',' order by t.key) from idempotency_keys t),
      (select count(*)::text from pgboss.job))) as s`.execute(ctx.store.db);
  return row.rows[0]!.s;
}

const UNPROCESSABLE = (message: string) => ({
  statusCode: 422,
  message: [message],
  error: 'Unprocessable Entity',
});

describe('refusals (422 after row 10) change nothing', () => {
  const cases: Array<[string, object, string, Record<string, unknown>?]> = [
    [
      'an unknown method',
      { enable: true, customerId: 'cus_test_a', paymentMethodId: 'pm_nope' },
      'autoPayment.paymentMethodId pm_nope is not a payment method the test provider knows for customer cus_test_a',
    ],
    [
      "another customer's saved method (by cardId)",
      { enable: true, customerId: 'cus_test_b', cardId: 'pm_test_saved_a' },
      'autoPayment.cardId pm_test_saved_a is not a payment method the test provider knows for customer cus_test_b',
    ],
    [
      'no method',
      { enable: true, customerId: 'cus_test_a' },
      'autoPayment.paymentMethodId or autoPayment.cardId is required when autoPayment.enable is true',
    ],
    [
      'no customer',
      { enable: true, paymentMethodId: 'pm_card_visa' },
      'autoPayment.customerId is required when autoPayment.enable is true',
    ],
    [
      'a card number in the card object',
      {
        enable: true,
        customerId: 'c',
        paymentMethodId: 'pm_card_visa',
        card: { number: '4242424242424242' },
      },
      'autoPayment.card must not contain a card number or CVC',
    ],
    [
      'a card number written into another field',
      { enable: false, card: { brand: 'visa 4000-0000-0000-0002', last4: '0002' } },
      'autoPayment.card must not contain a card number or CVC',
    ],
    [
      'a CVC',
      { enable: true, customerId: 'c', paymentMethodId: 'pm_card_visa', card: { brand: 'visa', cvc: '123' } },
      'autoPayment.card must not contain a card number or CVC',
    ],
    [
      'a card number in another display object',
      { enable: false, usBankAccount: { bank_name: 'Bank', details: { pan: 'x' } } },
      'autoPayment.usBankAccount must not contain a card number or CVC',
    ],
    [
      'a live-mode send without Stripe',
      { enable: true, customerId: 'cus_test_a', paymentMethodId: 'pm_test_saved_a' },
      'autoPayment: a live-mode invoice is charged through Stripe, which is not configured (STRIPE_SECRET_KEY)',
      { liveMode: true },
    ],
  ];
  for (const [what, autoPayment, message, overrides] of cases) {
    test(what, async () => {
      const id = await newInvoice();
      const before = await snapshot();
      const res = await send(ctx, id, withAuto(autoPayment, overrides));
      assert.equal(res.statusCode, 422, res.body);
      assert.deepEqual(res.json(), UNPROCESSABLE(message));
      assert.doesNotMatch(res.body, /4242424242424242|4000-0000|123/);
      assert.equal(await snapshot(), before);
    });
  }

  test('rows 9 and 10 come first', async () => {
    const bad = { enable: true, customerId: 'c', paymentMethodId: 'pm_nope' };
    const paid = await newInvoice();
    await ctx.store.db.updateTable('invoices').set({ status: 'paid' }).where('id', '=', paid).execute();
    assert.equal((await send(ctx, paid, withAuto(bad))).statusCode, 400);
    const unreachable = await newInvoice({ ...FUTURE, contactDetails: { id: 'c', name: 'Nobody' } });
    assert.equal((await send(ctx, unreachable, withAuto(bad))).statusCode, 400);
  });

  test('a provider that cannot be reached is a 503, and nothing changes', async () => {
    const { providers } = ctx.app.services;
    const test = providers.test;
    providers.test = {
      ...test,
      findMethod: async () => {
        throw new Error('ECONNRESET');
      },
    };
    try {
      const id = await newInvoice();
      const before = await snapshot();
      const res = await send(
        ctx,
        id,
        withAuto({ enable: true, customerId: 'c', paymentMethodId: 'pm_card_visa' }),
      );
      assert.equal(res.statusCode, 503, res.body);
      assert.match(res.json().message, /the test provider could not be reached/);
      assert.equal(await snapshot(), before);
    } finally {
      providers.test = test;
    }
  });
});

describe('accepted', () => {
  test("a saved method of the customer: ids, type and the card's brand and last 4 are stored", async () => {
    const id = await newInvoice();
    const autoPayment = {
      enable: true,
      type: 'card',
      customerId: 'cus_test_a',
      paymentMethodId: 'pm_test_saved_a',
      card: { brand: 'visa', last4: '1111', expMonth: 12 },
      provider: { name: 'whatever' },
    };
    const res = await send(ctx, id, withAuto(autoPayment));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual((await invoiceRow(ctx.store, id)).auto_payment, {
      enable: true,
      type: 'card',
      customerId: 'cus_test_a',
      paymentMethodId: 'pm_test_saved_a',
      card: { brand: 'mastercard', last4: '4444' },
    });
    const [charge, ...more] = await chargesOf(ctx.store, id);
    assert.equal(more.length, 0);
    assert.equal(charge!.status, 'scheduled');
    assert.equal(charge!.method_ref, 'pm_test_saved_a');
    assert.equal(charge!.run_at.toISOString(), '2099-01-15T00:00:00.000Z');
    const [scheduled] = await historyOf(ctx.store, id, 'charge_scheduled');
    assert.equal((scheduled!.data as { chargeId: string }).chargeId, charge!.id);

    // A resend schedules nothing twice; turning auto-payment off cancels what is scheduled.
    assert.equal((await send(ctx, id, withAuto(autoPayment))).statusCode, 200);
    assert.equal((await chargesOf(ctx.store, id)).length, 1);
    assert.equal((await send(ctx, id, withAuto({ enable: false }))).statusCode, 200);
    assert.deepEqual(
      (await chargesOf(ctx.store, id)).map((c) => c.status),
      ['cancelled'],
    );
    assert.deepEqual((await invoiceRow(ctx.store, id)).auto_payment, { enable: false });
    assert.equal((await historyOf(ctx.store, id, 'charges_cancelled')).length, 1);
  });

  test('GET /invoices/{id}/charges lists them, for the location only', async () => {
    const id = await newInvoice();
    await send(ctx, id, withAuto({ enable: true, customerId: 'cus_x', cardId: 'pm_card_visa' }));
    const url = (altId: string) => `/invoices/${id}/charges?altId=${altId}&altType=location`;
    const headers = authHeaders(ctx.tenant.locationToken);
    const res = await ctx.app.inject({ method: 'GET', url: url(ctx.tenant.locationId), headers });
    assert.equal(res.statusCode, 200);
    const [charge] = (await chargesOf(ctx.store, id)).map((c) => c.id);
    assert.deepEqual(res.json(), {
      charges: [
        {
          _id: charge,
          scheduleEntryId: null,
          amount: 2019,
          currency: 'USD',
          attempt: 1,
          status: 'scheduled',
          runAt: '2099-01-15T00:00:00.000Z',
          lastError: null,
        },
      ],
    });
    const other = await seedTenant(ctx.store, 'Other');
    const theirs = authHeaders(other.locationToken);
    const notFound = await ctx.app.inject({ method: 'GET', url: url(other.locationId), headers: theirs });
    assert.equal(notFound.statusCode, 404);
    const forbidden = await ctx.app.inject({ method: 'GET', url: url(other.locationId), headers });
    assert.equal(forbidden.statusCode, 403);
  });
});
