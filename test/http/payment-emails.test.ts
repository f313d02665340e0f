/**
 * The emails that follow a payment, through the real delivery workers: a test-mode receipt (and a
 * failed auto-payment's notice) rendered by request.kind, delivered to the dev outbox and listed there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { objectId } from '../../src/domain/ids.ts';
import { queueCustomerEmail } from '../../src/invoicing/customer-emails.ts';
import { lockInvoice } from '../../src/invoicing/read-invoices.ts';
import { startDeliveryWorkers } from '../../src/jobs/runtime.ts';
import { insertCharge } from '../../src/store/charges.ts';
import { setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { enterCard, sentInvoice, startPayment } from '../fixtures/pay.ts';

let ctx: TestContext;
let workers: ReturnType<typeof startDeliveryWorkers>;
before(async () => {
  ctx = await setupApp({}, { queue: { retry: { retryLimit: 1, retryDelay: 0, retryBackoff: false } } });
  workers = startDeliveryWorkers({ boss: ctx.app.boss, store: ctx.store, config: testConfig() });
});
after(async () => {
  await workers?.stop(5000);
  await ctx?.close();
});

/** The invoice's delivered email of that kind, once the worker sent it. */
async function delivered(invoiceId: string, kind: string) {
  return waitFor(
    `the ${kind} email of ${invoiceId}`,
    async () => {
      const rows = await ctx.store.db
        .selectFrom('deliveries')
        .selectAll()
        .where('invoice_id', '=', invoiceId)
        .where('status', '=', 'sent')
        .execute();
      return rows.find((r) => r.request.kind === kind);
    },
    30_000,
    100,
  );
}

async function outboxList() {
  const res = await ctx.app.inject({ method: 'GET', url: '/dev/outbox' });
  assert.equal(res.statusCode, 200);
  return res.body;
}

describe('payment emails in the dev outbox', () => {
  test('a paid test invoice: the receipt, no PDF, listed in the outbox', async () => {
    const inv = await sentInvoice(ctx);
    const { sessionId } = await startPayment(ctx, inv.token);
    assert.equal((await enterCard(ctx, sessionId, '4242424242424242')).statusCode, 303);
    const receipt = await delivered(inv.id, 'receipt');
    assert.equal(receipt.transport, 'outbox');
    assert.equal(receipt.recipient, 'alex@example.com');
    assert.equal(receipt.content?.subject, `Receipt for invoice INV-${inv.number} from Acme Studio`);
    assert.equal(receipt.pdf, null);
    const html = (await ctx.app.inject({ method: 'GET', url: `/dev/outbox/${receipt.id}` })).body;
    for (const expected of [
      '$2,019.00',
      'Visa ending 4242',
      'Paid in full',
      `/i/${inv.token}`,
      'TEST MODE',
    ]) {
      assert.ok(html.includes(expected), expected);
    }
    const list = await outboxList();
    assert.ok(list.includes(`Receipt for invoice INV-${inv.number} from Acme Studio`));
    assert.ok(list.includes(`/dev/outbox/${receipt.id}`));
  });

  test('a schedule entry paid: the receipt names what remains due', async () => {
    const inv = await sentInvoice(ctx, {
      paymentSchedule: {
        type: 'percentage',
        schedules: [
          { name: 'Half', value: 50, dueDate: '2026-11-05' },
          { name: 'Rest', value: 50, dueDate: '2026-12-05' },
        ],
      },
    });
    const { sessionId } = await startPayment(ctx, inv.token, { pay: 'next_entry' });
    await enterCard(ctx, sessionId, '4242424242424242');
    const receipt = await delivered(inv.id, 'receipt');
    const html = (await ctx.app.inject({ method: 'GET', url: `/dev/outbox/${receipt.id}` })).body;
    assert.ok(html.includes('$1,009.50'), 'the half paid');
    assert.ok(html.includes('Remaining amount due'));
  });

  test('a declined auto-payment: the payment_failed email with the reason and the pay link', async () => {
    const inv = await sentInvoice(ctx);
    const chargeId = objectId();
    await ctx.store.db.transaction().execute(async (trx) => {
      await insertCharge(trx, {
        id: chargeId,
        invoice_id: inv.id,
        location_id: ctx.tenant.locationId,
        schedule_entry_id: null,
        provider: 'test',
        customer_ref: 'cus_test_x',
        method_ref: 'pm_card_chargeDeclinedInsufficientFunds',
        currency: 'USD',
        amount: 201_900,
        attempt: 1,
        status: 'failed',
        run_at: new Date(),
        idempotency_key: `charge-${chargeId}`,
        provider_ref: null,
        last_error: 'Your card has insufficient funds.',
        payment_id: null,
      });
      const stored = await lockInvoice(trx, ctx.tenant.locationId, inv.id);
      await queueCustomerEmail(ctx.app.services, trx, stored, { kind: 'payment_failed', chargeId });
    });
    const notice = await delivered(inv.id, 'payment_failed');
    assert.equal(notice.content?.subject, `Payment failed for invoice INV-${inv.number} from Acme Studio`);
    const html = (await ctx.app.inject({ method: 'GET', url: `/dev/outbox/${notice.id}` })).body;
    for (const expected of [
      'Your card has insufficient funds.',
      '$2,019.00',
      'Pay invoice',
      `/i/${inv.token}`,
    ]) {
      assert.ok(html.includes(expected), expected);
    }
    assert.ok((await outboxList()).includes(`Payment failed for invoice INV-${inv.number} from Acme Studio`));
  });
});
