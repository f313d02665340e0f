/**
 * runCharge and the provider's events of charges with scripted providers: a provider that throws is
 * called again with the same key; a settling charge (processing) ends through the provider's events,
 * processed once; news that arrives twice acts once; a charge whose retries ran out is recorded.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chargeEventHandler } from '../../src/invoicing/charge-outcome.ts';
import { buryCharge, runCharge } from '../../src/invoicing/charges.ts';
import type { AutoPaymentContext } from '../../src/invoicing/context.ts';
import { handleProviderEvent } from '../../src/invoicing/provider-events.ts';
import type { ChargeOutcome, ChargeRequest, ProviderEvent } from '../../src/payments/types.ts';
import { setupApp, type TestContext } from '../fixtures/app.ts';
import { autoPaidInvoice, chargesOf, FUTURE, historyOf, invoiceRow, ledgerOf } from '../fixtures/charges.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(async () => {
  await ctx?.close();
});

/** The app's context with a test provider whose charge() is `script`; every call is kept. */
function scripted(script: (request: ChargeRequest, call: number) => Promise<ChargeOutcome>) {
  const calls: ChargeRequest[] = [];
  const services = ctx.app.services;
  const provider = {
    ...services.providers.test,
    charge: (request: ChargeRequest) => {
      calls.push(request);
      return script(request, calls.length);
    },
  };
  const scriptedCtx: AutoPaymentContext = { ...services, providers: { test: provider } };
  return { ctx: scriptedCtx, calls };
}

/** An invoice with one charge, due far ahead so no worker would take it; the test runs it. */
async function scheduledCharge() {
  const id = await autoPaidInvoice(ctx, 'pm_card_visa', FUTURE);
  const [charge] = await chargesOf(ctx.store, id);
  return { id, charge: charge! };
}

let eventNumber = 0;
function paymentEvent(
  kind: 'payment_succeeded' | 'payment_failed',
  charge: { id: string; invoice_id: string; location_id: string; amount: number },
  ref: string,
): ProviderEvent {
  eventNumber += 1;
  return {
    id: `evt_${eventNumber}_${charge.id}`,
    kind,
    paymentRef: ref,
    amount: charge.amount,
    currency: 'USD',
    ...(kind === 'payment_failed' ? { reason: 'The bank refused the debit.' } : {}),
    metadata: { chargeId: charge.id, invoiceId: charge.invoice_id, locationId: charge.location_id },
  };
}

test('a provider error fails the attempt; the next one charges with the same key, once', async () => {
  const { id, charge } = await scheduledCharge();
  const { ctx: c, calls } = scripted(async (request, call) => {
    if (call === 1) throw new Error('connect ECONNRESET');
    return { status: 'succeeded', ref: `pi_${request.idempotencyKey}` };
  });
  await assert.rejects(runCharge(c, charge.id), /ECONNRESET/);
  assert.equal((await chargesOf(ctx.store, id))[0]!.status, 'charging');
  assert.equal(await runCharge(c, charge.id), 'charged');
  assert.deepEqual(
    calls.map((r) => [r.idempotencyKey, r.amount]),
    [
      [charge.idempotency_key, charge.amount],
      [charge.idempotency_key, charge.amount],
    ],
  );
  assert.equal((await chargesOf(ctx.store, id))[0]!.status, 'succeeded');
  assert.equal((await ledgerOf(ctx.store, id)).length, 1);
  assert.equal((await invoiceRow(ctx.store, id)).status, 'paid');
  assert.equal(await runCharge(c, charge.id), 'done', 'a finished charge is not charged again');
  assert.equal(calls.length, 2);
});

test('processing, then the provider event settles it, once', async () => {
  const { id, charge } = await scheduledCharge();
  const { ctx: c } = scripted(async () => ({ status: 'processing', ref: `pi_settling_${charge.id}` }));
  await runCharge(c, charge.id);
  assert.equal((await chargesOf(ctx.store, id))[0]!.status, 'processing');
  assert.equal((await invoiceRow(ctx.store, id)).status, 'payment_processing');
  const event = paymentEvent('payment_succeeded', charge, `pi_settling_${charge.id}`);
  const onCharge = chargeEventHandler(c, 'test');
  assert.equal(await handleProviderEvent(c, 'test', event, onCharge), 'processed');
  assert.equal(await handleProviderEvent(c, 'test', event, onCharge), 'duplicate');
  assert.equal((await chargesOf(ctx.store, id))[0]!.status, 'succeeded');
  const invoice = await invoiceRow(ctx.store, id);
  assert.equal(invoice.status, 'paid');
  assert.equal(invoice.amount_paid, invoice.total);
  const ledger = await ledgerOf(ctx.store, id);
  assert.deepEqual(
    ledger.map((p) => p.status),
    ['succeeded'],
  );
});

test('processing, then a failed debit: recorded, emailed and retried a day later', async () => {
  const { id, charge } = await scheduledCharge();
  const { ctx: c } = scripted(async () => ({ status: 'processing', ref: `pi_debit_${charge.id}` }));
  await runCharge(c, charge.id);
  const event = paymentEvent('payment_failed', charge, `pi_debit_${charge.id}`);
  await handleProviderEvent(c, 'test', event, chargeEventHandler(c, 'test'));
  const charges = await chargesOf(ctx.store, id);
  assert.deepEqual(
    charges.map((r) => [r.attempt, r.status, r.last_error]),
    [
      [1, 'failed', 'The bank refused the debit.'],
      [2, 'scheduled', null],
    ],
  );
  assert.equal((await invoiceRow(ctx.store, id)).status, 'sent');
  assert.equal((await historyOf(ctx.store, id, 'charge_failed')).length, 1);
  const emails = await ctx.store.db
    .selectFrom('deliveries')
    .select('request')
    .where('invoice_id', '=', id)
    .execute();
  assert.ok(emails.some((e) => e.request.kind === 'payment_failed' && e.request.chargeId === charge.id));
});

test("the provider's event arriving before its answer: the charge follows the ledger, which has it once", async () => {
  const { id, charge } = await scheduledCharge();
  const ref = `pi_race_${charge.id}`;
  const { ctx: c } = scripted(async () => {
    // The webhook comes in while the charge call is still under way; the worker then learns "processing".
    const event = paymentEvent('payment_succeeded', charge, ref);
    await handleProviderEvent(c, 'test', event, chargeEventHandler(c, 'test'));
    return { status: 'processing', ref };
  });
  await runCharge(c, charge.id);
  assert.equal((await chargesOf(ctx.store, id))[0]!.status, 'succeeded');
  assert.deepEqual(
    (await ledgerOf(ctx.store, id)).map((p) => [p.provider_ref, p.status]),
    [[ref, 'succeeded']],
  );
  assert.equal((await invoiceRow(ctx.store, id)).status, 'paid');
  const receipts = await ctx.store.db
    .selectFrom('deliveries')
    .select('request')
    .where('invoice_id', '=', id)
    .execute();
  assert.equal(receipts.filter((r) => r.request.kind === 'receipt').length, 1);
});

test('a charge whose retries ran out is failed and recorded, without an email or another attempt', async () => {
  const { id, charge } = await scheduledCharge();
  const { ctx: c } = scripted(async () => {
    throw new Error('503 Service Unavailable');
  });
  await assert.rejects(runCharge(c, charge.id));
  await buryCharge(c, charge.id);
  const charges = await chargesOf(ctx.store, id);
  assert.equal(charges.length, 1);
  assert.equal(charges[0]!.status, 'failed');
  assert.match(charges[0]!.last_error!, /retries ran out/);
  assert.equal((await historyOf(ctx.store, id, 'charge_failed')).length, 1);
  const emails = await ctx.store.db
    .selectFrom('deliveries')
    .select('request')
    .where('invoice_id', '=', id)
    .execute();
  assert.ok(!emails.some((e) => e.request.kind === 'payment_failed'));
});
