/**
 * POST /invoices/{id}/record-payment (RecordPaymentDto), the ledger, refunds and payment schedules
 * (docs/payments.md): every refusal changes nothing, amounts and status follow the ledger, concurrent
 * payments serialise on the invoice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let ctx: TestContext;
let headers: Record<string, string>;
before(async () => {
  ctx = await setupApp();
  headers = authHeaders(ctx.tenant.locationToken);
});
after(async () => {
  await ctx.close();
});

const loc = () => ctx.tenant.locationId;
const alt = () => ({ altId: loc(), altType: 'location' });
const BAD = (message: string) => ({ statusCode: 400, message, error: 'Bad Request' });

async function sentInvoice(overrides: Record<string, unknown> = {}) {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc(), overrides);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${inv._id}/send`,
    headers,
    payload: { ...alt(), userId: ctx.tenant.userId, action: 'send_manually', liveMode: false },
  });
  assert.equal(res.statusCode, 200, res.body);
  return inv;
}

function pay(id: string, body: Record<string, unknown> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: `/invoices/${id}/record-payment`,
    headers,
    payload: { ...alt(), mode: 'cash', ...body },
  });
}

async function snapshot() {
  const row = await sql<{ s: string }>`
    select md5(concat_ws('|',
      (select string_agg(t::text, ',' order by t.id) from invoices t),
      (select string_agg(t::text, ',' order by t.id) from payments t),
      (select string_agg(t::text, ',' order by t.id) from invoice_events t),
      (select string_agg(t::text, ',' order by t.id) from webhook_events t))) as s`.execute(ctx.store.db);
  return row.rows[0]!.s;
}

async function webhookTypes(invoiceId: string) {
  const rows = await ctx.store.db
    .selectFrom('webhook_events')
    .select(['type', 'payload'])
    .where(sql<string>`payload->>'_id'`, '=', invoiceId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.type);
}

describe('record-payment', () => {
  test('refusals name the reason and change nothing', async () => {
    const draft = await createInvoice(ctx.app, ctx.tenant.locationToken, loc());
    const inv = await sentInvoice();
    const before = await snapshot();
    const cases: Array<[string, Record<string, unknown>, unknown]> = [
      [draft._id, {}, BAD('Invoice is a draft; send it before recording a payment')],
      [inv._id, { amount: 5000 }, BAD('amount 5000 is more than the amount due, 2019 USD')],
      [inv._id, { amount: 0 }, BAD('amount must be more than 0')],
      [inv._id, { amount: -5 }, BAD('amount must be more than 0')],
      [
        inv._id,
        { paymentScheduleIds: ['nope'] },
        BAD("paymentScheduleIds: nope is not an entry of this invoice's schedule"),
      ],
      [
        inv._id,
        { amount: 10.001 },
        {
          statusCode: 422,
          message: ['amount must have at most 2 decimal places for USD'],
          error: 'Unprocessable Entity',
        },
      ],
      [
        inv._id,
        { mode: 'bitcoin' },
        {
          statusCode: 422,
          message: ['mode must be one of the following values: cash, card, cheque, bank_transfer, other'],
          error: 'Unprocessable Entity',
        },
      ],
      [
        inv._id,
        { card: { brand: 'visa', last4: '42' } },
        {
          statusCode: 422,
          message: ['card.last4 must match ^[0-9]{4}$ regular expression'],
          error: 'Unprocessable Entity',
        },
      ],
    ];
    for (const [id, body, expected] of cases) {
      const res = await pay(id, body);
      assert.deepEqual(res.json(), expected, JSON.stringify(body));
    }
    await ctx.app.inject({ method: 'POST', url: `/invoices/${inv._id}/void`, headers, payload: alt() });
    const afterVoid = await snapshot();
    assert.deepEqual((await pay(inv._id)).json(), BAD('Invoice is void; a void invoice cannot be paid'));
    assert.equal(await snapshot(), afterVoid);
    assert.notEqual(before, afterVoid);
  });

  test('a part payment, then the rest: amounts, status, history and webhook events follow the ledger', async () => {
    const inv = await sentInvoice();
    const first = await pay(inv._id, {
      amount: 1000,
      mode: 'card',
      card: { brand: 'visa', last4: '4242' },
      notes: 'Terminal at the counter',
      fulfilledAt: '2026-11-20T10:00:00.000Z',
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().success, true);
    assert.equal(first.json().invoice.status, 'partially_paid');
    assert.equal(first.json().invoice.amountPaid, 1000);
    assert.equal(first.json().invoice.amountDue, 1019);
    // The rest: no amount means everything that is due.
    const rest = await pay(inv._id, { mode: 'cheque', cheque: { number: '000123' } });
    assert.equal(rest.json().invoice.status, 'paid');
    assert.equal(rest.json().invoice.amountDue, 0);
    assert.deepEqual((await pay(inv._id)).json(), BAD('Invoice is already paid; nothing is due'));
    const got = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${inv._id}?altId=${loc()}&altType=location`,
      headers,
    });
    assert.equal(got.json().amountPaid, 2019);
    assert.deepEqual(await webhookTypes(inv._id), [
      'InvoiceCreate',
      'InvoiceSent',
      'InvoicePartiallyPaid',
      'InvoicePaid',
    ]);
    const ledger = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${inv._id}/payments?altId=${loc()}&altType=location`,
      headers,
    });
    const payments = ledger.json().payments;
    assert.deepEqual(
      payments.map((p: { amount: number; mode: string; status: string }) => [p.amount, p.mode, p.status]),
      [
        [1000, 'card', 'succeeded'],
        [1019, 'cheque', 'succeeded'],
      ],
    );
    assert.deepEqual(payments[0].card, { brand: 'visa', last4: '4242' });
    assert.equal(payments[0].fulfilledAt, '2026-11-20T10:00:00.000Z');
    assert.deepEqual(payments[1].cheque, { number: '000123' });
    const history = await ctx.store.db
      .selectFrom('invoice_events')
      .select('type')
      .where('invoice_id', '=', inv._id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((h) => h.type),
      ['created', 'sent', 'payment_recorded', 'payment_recorded'],
    );
  });

  test('20 concurrent payments of half the amount due: exactly two recorded, the invoice paid', async () => {
    const inv = await sentInvoice();
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(inv._id, { amount: 1009.5 })));
    const ok = results.filter((r) => r.statusCode === 200);
    assert.equal(ok.length, 2);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      assert.equal(r.statusCode, 400);
      assert.match(r.json().message, /already paid|more than the amount due/);
    }
    const rows = await ctx.store.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', inv._id)
      .execute();
    assert.equal(rows.length, 2);
    const got = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${inv._id}?altId=${loc()}&altType=location`,
      headers,
    });
    assert.equal(got.json().status, 'paid');
    assert.equal(got.json().amountPaid, 2019);
  });

  test('a payment racing a void: one of them wins, never a void invoice with money on it', async () => {
    for (let i = 0; i < 10; i++) {
      const inv = await sentInvoice();
      const [paid, voided] = await Promise.all([
        pay(inv._id),
        ctx.app.inject({ method: 'POST', url: `/invoices/${inv._id}/void`, headers, payload: alt() }),
      ]);
      const after = await ctx.store.db
        .selectFrom('invoices')
        .select(['status', 'amount_paid'])
        .where('id', '=', inv._id)
        .executeTakeFirstOrThrow();
      const ledger = await ctx.store.db
        .selectFrom('payments')
        .select('id')
        .where('invoice_id', '=', inv._id)
        .execute();
      if (paid.statusCode === 200) {
        assert.equal(voided.statusCode, 400, voided.body);
        assert.equal(voided.json().message, 'Invoice is paid; refund its payments before voiding it');
        assert.equal(after.status, 'paid');
        assert.equal(ledger.length, 1);
      } else {
        assert.equal(paid.statusCode, 400, paid.body);
        assert.equal(voided.statusCode, 200, voided.body);
        assert.equal(after.status, 'void');
        assert.equal(after.amount_paid, 0);
        assert.equal(ledger.length, 0);
      }
    }
  });

  test("money in JPY and KWD is taken in each currency's minor unit", async () => {
    for (const [currency, amount, part, tooPrecise, message] of [
      ['JPY', 12345, 345, 1.5, 'amount must be a whole number: JPY has no minor unit'],
      ['KWD', 12.345, 0.345, 0.0001, 'amount must have at most 3 decimal places for KWD'],
    ] as const) {
      const inv = await sentInvoice({ currency, items: [{ name: 'Work', currency, amount, qty: 1 }] });
      assert.deepEqual((await pay(inv._id, { amount: tooPrecise })).json().message, [message]);
      const res = await pay(inv._id, { amount: part });
      assert.equal(res.json().invoice.amountPaid, part, currency);
      assert.equal(res.json().invoice.amountDue, Number((amount - part).toFixed(3)), currency);
    }
  });
});

describe('refunds', () => {
  test('a manual payment is reversed in the ledger; the invoice follows', async () => {
    const inv = await sentInvoice();
    const paid = (await pay(inv._id)).json();
    assert.equal(paid.invoice.status, 'paid');
    const refund = (body: Record<string, unknown>) =>
      ctx.app.inject({
        method: 'POST',
        url: `/invoices/${inv._id}/refund`,
        headers,
        payload: { ...alt(), ...body },
      });
    assert.deepEqual(
      (await refund({ amount: 3000 })).json(),
      BAD('amount 3000 is more than is left of the payment, 2019 USD'),
    );
    const part = await refund({ amount: 19 });
    assert.equal(part.json().invoice.status, 'partially_paid');
    assert.equal(part.json().invoice.amountPaid, 2000);
    const rest = await refund({});
    assert.equal(rest.json().invoice.status, 'sent');
    assert.equal(rest.json().invoice.amountPaid, 0);
    assert.deepEqual((await refund({})).json(), BAD('The invoice has no payment to refund'));
    const ledger = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${inv._id}/payments?altId=${loc()}&altType=location`,
      headers,
    });
    const [payment] = ledger.json().payments;
    assert.equal(payment.status, 'refunded');
    assert.equal(payment.refundedAmount, 2019);
    assert.deepEqual(
      payment.refunds.map((r: { amount: number; status: string }) => [r.amount, r.status]),
      [
        [19, 'succeeded'],
        [2000, 'succeeded'],
      ],
    );
  });
});

describe('payment schedules', () => {
  const schedule = {
    type: 'percentage',
    schedules: [
      { name: 'Deposit', value: 33.33, dueDate: '2026-11-01' },
      { name: 'Middle', value: 33.33, dueDate: '2026-11-15' },
      { name: 'Final', value: 33.34, dueDate: '2026-12-01' },
    ],
  };

  test('percentage entries are rounded in minor units and sum to the total (remainder on the last)', async () => {
    const inv = await sentInvoice({
      items: [{ name: 'Work', currency: 'USD', amount: 100, qty: 1 }],
      paymentSchedule: schedule,
    });
    const entries = inv.paymentSchedule.schedules;
    assert.deepEqual(
      entries.map((e: { name: string; amount: number; status: string }) => [e.name, e.amount, e.status]),
      [
        ['Deposit', 33.33, 'pending'],
        ['Middle', 33.33, 'pending'],
        ['Final', 33.34, 'pending'],
      ],
    );
    assert.ok(entries.every((e: { _id: string }) => /^[0-9a-f]{24}$/.test(e._id)));
  });

  test('fixed entries must sum to the total; percentages to 100', async () => {
    const bad = async (paymentSchedule: unknown) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/invoices/',
        headers,
        payload: { ...(await import('../fixtures/invoices.ts')).invoiceBody(loc()), paymentSchedule },
      });
      return res.json();
    };
    assert.deepEqual(
      await bad({
        type: 'fixed',
        schedules: [
          { value: 1000, dueDate: '2026-11-01' },
          { value: 1000, dueDate: '2026-12-01' },
        ],
      }),
      BAD('paymentSchedule: the fixed entries sum to 2000 USD but the invoice total is 2019 USD'),
    );
    assert.deepEqual(
      await bad({
        type: 'percentage',
        schedules: [
          { value: 50, dueDate: '2026-11-01' },
          { value: 40, dueDate: '2026-12-01' },
        ],
      }),
      BAD('paymentSchedule: the percentage entries must add up to 100'),
    );
    assert.deepEqual(
      (await bad({ type: 'fixed', schedules: [{ value: 2019.001, dueDate: '2026-11-01' }] })).message,
      ['paymentSchedule.schedules.0.value must have at most 2 decimal places for USD'],
    );
  });

  test('a payment settles the entries it names, and the rest in due-date order', async () => {
    const inv = await sentInvoice({
      items: [{ name: 'Work', currency: 'USD', amount: 100, qty: 1 }],
      paymentSchedule: schedule,
    });
    const [deposit, middle, final] = inv.paymentSchedule.schedules;
    const named = await pay(inv._id, { paymentScheduleIds: [middle._id] });
    assert.equal(named.json().invoice.amountPaid, 33.33);
    const statuses = (body: { invoice: { paymentSchedule: { schedules: Array<{ status: string }> } } }) =>
      body.invoice.paymentSchedule.schedules.map((e) => e.status);
    assert.deepEqual(statuses(named.json()), ['pending', 'paid', 'pending']);
    assert.deepEqual(
      (await pay(inv._id, { paymentScheduleIds: [middle._id] })).json(),
      BAD(`paymentScheduleIds: entry ${middle._id} is already paid`),
    );
    assert.deepEqual(
      (await pay(inv._id, { amount: 10, paymentScheduleIds: [deposit._id] })).json(),
      BAD('amount 10 does not match the schedule entries it settles (33.33 USD)'),
    );
    // An amount that names no entry covers the earliest pending ones it fully pays.
    const fifo = await pay(inv._id, { amount: 40 });
    assert.equal(fifo.statusCode, 200, fifo.body);
    assert.deepEqual(statuses(fifo.json()), ['paid', 'paid', 'pending']);
    // The final entry is partly covered by what the 40 left over: naming it would pay too much.
    assert.deepEqual(
      (await pay(inv._id, { paymentScheduleIds: [final._id] })).json(),
      BAD('amount 33.34 is more than the amount due, 26.67 USD'),
    );
    const rest = await pay(inv._id);
    assert.equal(rest.statusCode, 200, rest.body);
    assert.deepEqual(statuses(rest.json()), ['paid', 'paid', 'paid']);
    assert.equal(rest.json().invoice.status, 'paid');
  });
});
