/**
 * Auto-payment end to end with the real parts (docs/send-invoice.md §4): sends through the API, the
 * test provider, pg-boss and the charge worker loops. Time is moved by setting a charge's run_at and its
 * job's start_after, never by sleeping.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startChargeWorkers } from '../../src/jobs/charge-workers.ts';
import type { Workers } from '../../src/jobs/workers.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import {
  autoPaidInvoice,
  chargeJob,
  chargesOf,
  dueNow,
  FUTURE,
  historyOf,
  invoiceRow,
  ledgerOf,
  waitForCharge,
  waitForJob,
} from '../fixtures/charges.ts';

const DAY = 86_400_000;

let ctx: TestContext;
let workers: Workers;
before(async () => {
  ctx = await setupApp();
  workers = startChargeWorkers({
    boss: ctx.app.boss,
    ctx: ctx.app.services,
    concurrency: 2,
    pollingIntervalSeconds: 0.1,
  });
});
after(async () => {
  await workers?.stop();
  await ctx?.close();
});

async function paymentFailedEmails(invoiceId: string) {
  const rows = await ctx.store.db
    .selectFrom('deliveries')
    .select('request')
    .where('invoice_id', '=', invoiceId)
    .execute();
  return rows.filter((r) => r.request.kind === 'payment_failed').map((r) => r.request.chargeId);
}

const near = (actual: Date, expected: number, what: string) =>
  assert.ok(Math.abs(actual.getTime() - expected) < 60_000, `${what}: ${actual.toISOString()}`);

describe('a due invoice with auto-payment', () => {
  test('is charged at once when its due date has passed, and ends paid', async () => {
    const id = await autoPaidInvoice(ctx, 'pm_card_visa');
    const charge = await waitForCharge(ctx.store, id, 1, ['succeeded']);
    assert.equal(charge.idempotency_key, `charge:${id}:invoice:1`);
    const invoice = await invoiceRow(ctx.store, id);
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.amount_paid, invoice.total);
    const [payment, ...more] = await ledgerOf(ctx.store, id);
    assert.equal(more.length, 0);
    assert.equal(payment!.mode, 'online');
    assert.equal(payment!.provider, 'test');
    assert.equal(payment!.status, 'succeeded');
    assert.equal(payment!.provider_ref, charge.provider_ref);
    assert.equal(charge.payment_id, payment!.id);
    assert.equal((await historyOf(ctx.store, id, 'charge_scheduled')).length, 1);
    const succeeded = await historyOf(ctx.store, id, 'payment_succeeded');
    assert.deepEqual(succeeded[0]!.actor, { system: 'auto-payment' });
    assert.equal((succeeded[0]!.data as { chargeId: string }).chargeId, charge.id);
    const paid = await ctx.store.db
      .selectFrom('webhook_events')
      .select('payload')
      .where('type', '=', 'InvoicePaid')
      .execute();
    assert.equal(paid.filter((e) => e.payload._id === id).length, 1);
    const receipts = await ctx.store.db
      .selectFrom('deliveries')
      .select('request')
      .where('invoice_id', '=', id)
      .execute();
    assert.ok(receipts.some((r) => r.request.kind === 'receipt' && r.request.paymentId === payment!.id));
  });

  test('declined: unpaid, the failure recorded, the customer emailed, retried after 1, 3 and 5 days, then stops', async () => {
    const id = await autoPaidInvoice(ctx, 'pm_card_chargeDeclined');
    const first = await waitForCharge(ctx.store, id, 1, ['failed']);
    assert.equal(first.last_error, 'Your card was declined.');
    const invoice = await invoiceRow(ctx.store, id);
    assert.equal(invoice.status, 'sent');
    assert.equal(invoice.amount_paid, 0);
    const [failed] = await ledgerOf(ctx.store, id);
    assert.equal(failed!.status, 'failed');
    assert.equal(failed!.failure_reason, 'Your card was declined.');
    const history = await historyOf(ctx.store, id, 'charge_failed');
    assert.equal((history[0]!.data as { chargeId: string }).chargeId, first.id);
    assert.deepEqual(await paymentFailedEmails(id), [first.id]);

    let previous = first;
    for (const [attempt, days] of [
      [2, 1],
      [3, 3],
      [4, 5],
    ] as const) {
      const next = await waitForCharge(ctx.store, id, attempt, ['scheduled']);
      assert.equal(next.idempotency_key, `charge:${id}:invoice:${attempt}`);
      near(
        next.run_at,
        previous.updated_at.getTime() + days * DAY,
        `attempt ${attempt} runs ${days} days later`,
      );
      near((await chargeJob(ctx.store, next.id))!.start_after, next.run_at.getTime(), 'its job starts then');
      await dueNow(ctx.store, next.id);
      previous = await waitForCharge(ctx.store, id, attempt, ['failed']);
      await waitForJob(ctx.store, next.id);
    }
    const charges = await chargesOf(ctx.store, id);
    assert.deepEqual(
      charges.map((c) => [c.attempt, c.status]),
      [
        [1, 'failed'],
        [2, 'failed'],
        [3, 'failed'],
        [4, 'failed'],
      ],
    );
    assert.equal((await historyOf(ctx.store, id, 'charge_failed')).length, 4);
    assert.equal((await ledgerOf(ctx.store, id)).length, 4);
    assert.equal((await paymentFailedEmails(id)).length, 4);
    const listed = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${id}/charges?altId=${ctx.tenant.locationId}&altType=location`,
      headers: authHeaders(ctx.tenant.locationToken),
    });
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(
      listed
        .json()
        .charges.map((c: { attempt: number; status: string; lastError: string }) => [
          c.attempt,
          c.status,
          c.lastError,
        ]),
      [1, 2, 3, 4].map((n) => [n, 'failed', 'Your card was declined.']),
    );
  });

  test('a card that needs its holder fails without a retry; the customer is emailed', async () => {
    const id = await autoPaidInvoice(ctx, 'pm_card_authenticationRequired');
    const charge = await waitForCharge(ctx.store, id, 1, ['failed']);
    await waitForJob(ctx.store, charge.id);
    assert.equal(charge.last_error, 'This payment needs to be confirmed by the card holder.');
    assert.equal((await chargesOf(ctx.store, id)).length, 1);
    assert.equal((await invoiceRow(ctx.store, id)).status, 'sent');
    assert.deepEqual(await paymentFailedEmails(id), [charge.id]);
    const [event] = await historyOf(ctx.store, id, 'charge_failed');
    assert.equal((event!.data as { nextAttemptAt: unknown }).nextAttemptAt, null);
  });
});

describe('schedules', () => {
  test('each pending entry is charged on its own due date', async () => {
    const id = await autoPaidInvoice(ctx, 'pm_card_visa', {
      ...FUTURE,
      items: [{ name: 'Work', currency: 'USD', amount: 100, qty: 1 }],
      paymentSchedule: {
        type: 'fixed',
        schedules: [
          { name: 'Deposit', value: 40, dueDate: '2020-02-01' },
          { name: 'Rest', value: 60, dueDate: '2099-03-01' },
        ],
      },
    });
    const entries = (await invoiceRow(ctx.store, id)).payment_schedule!.schedules;
    const deposit = await waitForCharge(ctx.store, id, 1, ['succeeded']);
    assert.equal(deposit.schedule_entry_id, entries[0]!._id);
    assert.equal(deposit.amount, 4000);
    const charges = await chargesOf(ctx.store, id);
    const rest = charges.find((c) => c.schedule_entry_id === entries[1]!._id)!;
    assert.equal(rest.status, 'scheduled');
    assert.equal(rest.amount, 6000);
    assert.equal(rest.run_at.toISOString(), '2099-03-01T00:00:00.000Z');
    assert.equal(
      (await chargeJob(ctx.store, rest.id))!.start_after.toISOString(),
      '2099-03-01T00:00:00.000Z',
    );
    let invoice = await invoiceRow(ctx.store, id);
    assert.equal(invoice.status, 'partially_paid');
    assert.deepEqual(
      invoice.payment_schedule!.schedules.map((e) => e.status),
      ['paid', 'pending'],
    );

    await dueNow(ctx.store, rest.id);
    await waitForJob(ctx.store, rest.id);
    invoice = await invoiceRow(ctx.store, id);
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.amount_paid, 10_000);
    assert.equal((await ledgerOf(ctx.store, id)).length, 2);
  });
});

describe('cancelled charges', () => {
  for (const [what, change] of [
    ['voiding the invoice', (id: string) => ({ url: `/invoices/${id}/void`, payload: {} })],
    [
      'recording a payment',
      (id: string) => ({ url: `/invoices/${id}/record-payment`, payload: { mode: 'cash' } }),
    ],
  ] as const) {
    test(`${what} cancels a scheduled charge, whose job then does nothing`, async () => {
      const id = await autoPaidInvoice(ctx, 'pm_card_visa', FUTURE);
      const [charge] = await chargesOf(ctx.store, id);
      const { url, payload } = change(id);
      const res = await ctx.app.inject({
        method: 'POST',
        url,
        headers: authHeaders(ctx.tenant.locationToken),
        payload: { altId: ctx.tenant.locationId, altType: 'location', ...payload },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await chargesOf(ctx.store, id))[0]!.status, 'cancelled');
      await dueNow(ctx.store, charge!.id);
      await waitForJob(ctx.store, charge!.id);
      const calls = await ctx.store.db
        .selectFrom('test_provider_charges')
        .select('calls')
        .where('idempotency_key', '=', charge!.idempotency_key)
        .execute();
      assert.deepEqual(calls, [], 'the provider was never asked');
      assert.ok((await ledgerOf(ctx.store, id)).every((p) => p.provider === null));
    });
  }
});

describe('money', () => {
  for (const [currency, amount, minor] of [
    ['JPY', 1235, 1235],
    ['USD', 19.62, 1962],
    ['KWD', 1.25, 1250],
  ] as const) {
    test(`${currency}: ${amount} is charged as ${minor} minor units and listed as ${amount}`, async () => {
      const id = await autoPaidInvoice(ctx, 'pm_card_visa', {
        ...{ issueDate: '2020-01-01', dueDate: '2020-01-02' },
        currency,
        items: [{ name: 'Work', currency, amount, qty: 1 }],
      });
      const charge = await waitForCharge(ctx.store, id, 1, ['succeeded']);
      assert.equal(charge.amount, minor);
      assert.equal(charge.currency, currency);
      const call = await ctx.store.db
        .selectFrom('test_provider_charges')
        .selectAll()
        .where('idempotency_key', '=', charge.idempotency_key)
        .executeTakeFirstOrThrow();
      assert.deepEqual([call.amount, call.currency, call.calls], [minor, currency, 1]);
      const [payment] = await ledgerOf(ctx.store, id);
      assert.deepEqual([payment!.amount, payment!.currency], [minor, currency]);
      assert.equal((await invoiceRow(ctx.store, id)).status, 'paid');
      const listed = await ctx.app.inject({
        method: 'GET',
        url: `/invoices/${id}/charges?altId=${ctx.tenant.locationId}&altType=location`,
        headers: authHeaders(ctx.tenant.locationToken),
      });
      assert.equal(listed.json().charges[0].amount, amount);
      assert.equal(listed.json().charges[0].currency, currency);
    });
  }
});
