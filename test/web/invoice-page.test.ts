/**
 * The dashboard's invoice page (issue #13 items 4-5) over HTTP: the invoice as the customer sees it,
 * its history, the send dialog with real delivery workers and the dev outbox, payments, refunds, void,
 * and for every route: another location's user gets 404, a missing CSRF token 403, nothing changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startDeliveryWorkers } from '../../src/jobs/runtime.ts';
import { savePaymentCustomer } from '../../src/store/payment-customers.ts';
import { insertTestMethod } from '../../src/store/test-methods.ts';
import {
  authHeaders,
  seedTenant,
  setupApp,
  type Tenant,
  type TestContext,
  testConfig,
} from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';

const HOSTILE = `<script>alert("x")</script> & 'q'`;

let ctx: TestContext;
let t: Tenant;
let other: Tenant;
let agent: DashboardAgent;
let stranger: DashboardAgent;
let workers: ReturnType<typeof startDeliveryWorkers>;

before(async () => {
  ctx = await setupApp({}, { queue: { retry: { retryLimit: 1, retryDelay: 0, retryBackoff: false } } });
  t = ctx.tenant;
  other = await seedTenant(ctx.store, 'Other');
  workers = startDeliveryWorkers({ boss: ctx.app.boss, store: ctx.store, config: testConfig() });
  agent = await signIn(ctx.app, ctx.store, t.userId);
  stranger = await signIn(ctx.app, ctx.store, other.userId);
});
after(async () => {
  await workers?.stop(5000);
  await ctx?.close();
});

const page = (id: string, rest = '') => `/app/l/${t.locationId}/invoices/${id}${rest}`;

async function newInvoice(overrides: Record<string, unknown> = {}): Promise<string> {
  return (await createInvoice(ctx.app, t.locationToken, t.locationId, overrides))._id as string;
}

async function apiInvoice(id: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/${id}?altId=${t.locationId}&altType=location`,
    headers: authHeaders(t.locationToken),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function paymentsOf(id: string) {
  return ctx.store.db
    .selectFrom('payments')
    .selectAll()
    .where('invoice_id', '=', id)
    .orderBy('created_at')
    .execute();
}

/** Everything the routes may change, for "nothing changed". */
async function snapshot() {
  const row = await sql<{ s: string }>`
    select md5(concat_ws('|',
      (select string_agg(t::text, ',' order by t.id) from invoices t),
      (select string_agg(t::text, ',' order by t.id) from invoice_events t),
      (select string_agg(t::text, ',' order by t.id) from deliveries t),
      (select string_agg(t::text, ',' order by t.id) from payments t),
      (select string_agg(t::text, ',' order by t.id) from refunds t))) as s`.execute(ctx.store.db);
  return row.rows[0]!.s;
}

async function sentDelivery(invoiceId: string) {
  return waitFor(
    'the delivery to be sent',
    async () => {
      const res = await agent.get(page(invoiceId, '/deliveries'));
      assert.equal(res.status, 200);
      return res.body.includes('data-status="sent"') && !res.body.includes('hx-trigger') ? res.body : false;
    },
    30_000,
    100,
  );
}

describe('the invoice page', () => {
  test('shows the invoice as the customer sees it, its link, PDF, Edit and history', async () => {
    const id = await newInvoice();
    const res = await agent.get(page(id));
    assert.equal(res.status, 200, res.body);
    for (const expected of [
      'Website redesign',
      'Design',
      'Hosting',
      '$1,999.00',
      '$2,019.00',
      'Amount due',
      '>DRAFT<',
      '>TEST<',
      'data-copy="customer-link"',
      'Copy the customer link',
      `href="/app/l/${t.locationId}/invoices/${id}/edit"`,
      `href="/app/l/${t.locationId}/invoices/${id}/send"`,
      'Download PDF',
      'Alex Doe',
      'Created',
    ]) {
      assert.ok(res.body.includes(expected), `page shows ${expected}`);
    }
    const token = (
      await ctx.store.db
        .selectFrom('invoices')
        .select('public_token')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).public_token;
    assert.ok(res.body.includes(`value="http://127.0.0.1:3000/i/${token}"`));
    assert.ok(res.body.includes(`href="/i/${token}/pdf"`));
    const pdf = await ctx.app.inject({ method: 'GET', url: `/i/${token}/pdf` });
    assert.equal(pdf.headers['content-type'], 'application/pdf');
  });

  test('an unknown invoice is a 404 page', async () => {
    const res = await agent.get(page('nope'));
    assert.equal(res.status, 404);
    assert.match(res.body, /Invoice not found/);
  });
});

describe('sending', () => {
  test('by email in test mode: the message reaches the dev outbox and the page shows it sent', async () => {
    const id = await newInvoice();
    const dialog = await agent.get(page(id, '/send'));
    assert.equal(dialog.status, 200);
    assert.match(dialog.body, /id="action-email" name="action" value="email" checked/);
    assert.match(dialog.body, /id="mode-test" name="mode" value="test" checked/);
    assert.ok(dialog.body.includes('to alex@example.com'));
    const sent = await agent.post(page(id, '/send'), {
      action: 'email',
      mode: 'test',
      fromName: 'Acme Billing',
      fromEmail: '',
      autoPayment: '',
    });
    assert.equal(sent.status, 303, sent.body);
    assert.equal(sent.location, `${page(id)}?notice=sent#deliveries`);
    const after = await agent.get(sent.location!.split('#')[0]!);
    assert.ok(after.body.includes('The invoice was sent.'));
    const fragment = await sentDelivery(id);
    assert.ok(fragment.includes('To alex@example.com'));
    assert.ok(fragment.includes('Resend'));
    const outbox = await ctx.app.inject({ method: 'GET', url: '/dev/outbox' });
    const row = await ctx.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('invoice_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.transport, 'outbox');
    assert.equal(row.content?.from?.name, 'Acme Billing');
    assert.ok(outbox.body.includes(`/dev/outbox/${row.id}`));
    const shown = await agent.get(page(id));
    assert.ok(shown.body.includes('Sent by email in test mode'));
    assert.ok(shown.body.includes('Email delivered to alex@example.com'));
    assert.ok(shown.body.includes('>DUE<'));
    assert.equal((await apiInvoice(id)).status, 'sent');

    const resent = await agent.post(page(id, `/deliveries/${row.id}/resend`));
    assert.equal(resent.status, 303, resent.body);
    const rows = await ctx.store.db
      .selectFrom('deliveries')
      .select('id')
      .where('invoice_id', '=', id)
      .execute();
    assert.equal(rows.length, 2);
    // Both messages final: nothing of this test changes rows under the next one.
    assert.equal((await sentDelivery(id)).split('data-status="sent"').length - 1, 2);
  });

  test('mark as sent: sent, no message', async () => {
    const id = await newInvoice();
    const res = await agent.post(page(id, '/send'), { action: 'send_manually', mode: 'test' });
    assert.equal(res.status, 303, res.body);
    assert.equal(res.location, `${page(id)}?notice=marked`);
    assert.equal((await apiInvoice(id)).status, 'sent');
    const rows = await ctx.store.db
      .selectFrom('deliveries')
      .select('id')
      .where('invoice_id', '=', id)
      .execute();
    assert.equal(rows.length, 0);
    assert.ok((await agent.get(page(id))).body.includes('Sent manually (marked as sent) in test mode'));
  });

  test('auto-payment with a saved test card of the contact', async () => {
    await savePaymentCustomer(ctx.store.db, {
      locationId: t.locationId,
      contactId: 'contact-auto',
      provider: 'test',
      customerRef: 'cus_dash_auto',
    });
    await insertTestMethod(ctx.store.db, {
      id: 'tpm_dash_auto',
      locationId: t.locationId,
      customerRef: 'cus_dash_auto',
      brand: 'visa',
      last4: '4242',
      outcome: 'succeeds',
    });
    const id = await newInvoice({
      contactDetails: { id: 'contact-auto', name: 'Auto Pay', email: 'auto@example.com' },
      dueDate: '2099-01-15',
    });
    const dialog = await agent.get(page(id, '/send'));
    assert.ok(dialog.body.includes('<option value="test:tpm_dash_auto">Visa ending 4242 (test)</option>'));
    const before = await snapshot();
    for (const autoPayment of ['live:tpm_dash_auto', 'test:tpm_other']) {
      const res = await agent.post(page(id, '/send'), { action: 'send_manually', mode: 'test', autoPayment });
      assert.equal(res.status, 422, autoPayment);
      assert.ok(res.body.includes('That saved payment method is not one of the customer’s.'));
    }
    const wrongMode = await agent.post(page(id, '/send'), {
      action: 'send_manually',
      mode: 'live',
      autoPayment: 'test:tpm_dash_auto',
    });
    assert.equal(wrongMode.status, 422);
    assert.ok(wrongMode.body.includes('That payment method is for test mode; choose one for live mode.'));
    assert.equal(await snapshot(), before);
    const res = await agent.post(page(id, '/send'), {
      action: 'send_manually',
      mode: 'test',
      autoPayment: 'test:tpm_dash_auto',
    });
    assert.equal(res.status, 303, res.body);
    const charges = await ctx.store.db
      .selectFrom('charges')
      .selectAll()
      .where('invoice_id', '=', id)
      .execute();
    assert.equal(charges.length, 1);
    assert.equal(charges[0]!.method_ref, 'tpm_dash_auto');
    assert.equal(charges[0]!.amount, 201900);
    assert.ok((await agent.get(page(id))).body.includes('Automatic payment of $2,019.00 scheduled'));
  });

  test('a refused send shows the dialog again with the reason', async () => {
    const id = await newInvoice({ contactDetails: { id: 'c-2', name: 'No Phone', email: 'np@example.com' } });
    const before = await snapshot();
    const res = await agent.post(page(id, '/send'), { action: 'sms', mode: 'test' });
    assert.equal(res.status, 400);
    assert.match(res.body, /contactDetails.phoneNo is missing/);
    assert.match(res.body, /id="action-sms" name="action" value="sms" checked/);
    const bad = await agent.post(page(id, '/send'), { action: 'fax', mode: 'test' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Choose how to send the invoice/);
    const badFrom = await agent.post(page(id, '/send'), { action: 'email', mode: 'test', fromEmail: 'nope' });
    assert.equal(badFrom.status, 422);
    assert.equal(await snapshot(), before);
  });
});

describe('payments, refunds and void', () => {
  test('record a partial payment, refund part and the rest, then void', async () => {
    const id = await newInvoice();
    const draft = await agent.post(page(id, '/payments'), { amount: '10', mode: 'cash' });
    assert.equal(draft.status, 400);
    assert.match(draft.body, /Invoice is a draft; send it before recording a payment/);
    assert.equal(
      (await agent.post(page(id, '/send'), { action: 'send_manually', mode: 'test' })).status,
      303,
    );

    const before = await snapshot();
    for (const [amount, message] of [
      ['abc', 'Amount must be a number with at most 2 decimals'],
      ['1.234', 'Amount must be a number with at most 2 decimals'],
      ['0', 'Amount must be more than 0'],
      ['', 'Enter the amount paid'],
      ['5000', 'amount 5000 is more than the amount due, 2019 USD'],
    ] as const) {
      const res = await agent.post(page(id, '/payments'), { amount, mode: 'cash', date: '', note: '' });
      assert.ok(res.status === 400 || res.status === 422, `${amount}: ${res.status}`);
      assert.ok(res.body.includes(message), `${amount}: ${message}`);
    }
    const badDate = await agent.post(page(id, '/payments'), {
      amount: '5',
      mode: 'cash',
      date: '2026-02-30',
    });
    assert.equal(badDate.status, 422);
    assert.equal(await snapshot(), before);

    const paid = await agent.post(page(id, '/payments'), {
      amount: '1,500.25',
      mode: 'cheque',
      date: '2026-11-20',
      note: HOSTILE,
    });
    assert.equal(paid.status, 303, paid.body);
    assert.equal(paid.location, `${page(id)}?notice=payment`);
    let api = await apiInvoice(id);
    assert.equal(api.status, 'partially_paid');
    assert.equal(api.amountPaid, 1500.25);
    const [payment] = await paymentsOf(id);
    assert.equal(payment!.amount, 150025);
    assert.equal(payment!.mode, 'cheque');
    assert.equal(payment!.fulfilled_at.toISOString().slice(0, 10), '2026-11-20');
    let shown = (await agent.get(page(id))).body;
    assert.ok(shown.includes('>PARTIALLY PAID<'));
    assert.ok(shown.includes('$1,500.25'));
    assert.ok(shown.includes('$518.75'));
    assert.ok(shown.includes('Payment of $1,500.25 recorded'));

    const refundUrl = page(id, `/payments/${payment!.id}/refund`);
    const over = await agent.post(refundUrl, { amount: '2000' });
    assert.equal(over.status, 400);
    assert.ok(over.body.includes('amount 2000 is more than is left of the payment, 1500.25 USD'));
    const part = await agent.post(refundUrl, { amount: '500' });
    assert.equal(part.status, 303, part.body);
    api = await apiInvoice(id);
    assert.equal(api.amountPaid, 1000.25);
    shown = (await agent.get(page(id))).body;
    assert.ok(shown.includes('Refunded $500.00'));
    assert.ok(shown.includes('Refund of $500.00'));

    const noVoid = await agent.post(page(id, '/void'));
    assert.equal(noVoid.status, 400);
    assert.ok(noVoid.body.includes('Invoice is partially paid; refund its payments before voiding it'));

    const rest = await agent.post(refundUrl, { amount: '' });
    assert.equal(rest.status, 303, rest.body);
    api = await apiInvoice(id);
    assert.equal(api.amountPaid, 0);
    assert.equal(api.status, 'sent');
    assert.equal((await paymentsOf(id))[0]!.status, 'refunded');

    const confirm = await agent.get(page(id, '/void'));
    assert.equal(confirm.status, 200);
    assert.ok(confirm.body.includes('Are you sure?'));
    assert.ok(confirm.body.includes(`action="${page(id, '/void')}"`));
    const voided = await agent.post(page(id, '/void'));
    assert.equal(voided.status, 303, voided.body);
    assert.equal((await apiInvoice(id)).status, 'void');
    shown = (await agent.get(page(id))).body;
    assert.ok(shown.includes('>VOID<'));
    assert.ok(shown.includes('Voided'));
    assert.ok(!shown.includes('Record payment</button>'));

    const onVoid = await agent.post(page(id, '/payments'), { amount: '5', mode: 'cash' });
    assert.equal(onVoid.status, 400);
    assert.ok(onVoid.body.includes('Invoice is void; a void invoice cannot be paid'));
    const sendVoid = await agent.post(page(id, '/send'), { action: 'email', mode: 'test' });
    assert.ok(sendVoid.status >= 400 && sendVoid.status < 500, String(sendVoid.status));
  });
});

describe('security', () => {
  test('user text is shown escaped', async () => {
    const id = await newInvoice({
      name: HOSTILE,
      items: [{ name: HOSTILE, description: HOSTILE, currency: 'USD', amount: 10, qty: 1 }],
      contactDetails: { id: 'c-h', name: HOSTILE, email: 'h@example.com' },
    });
    await agent.post(page(id, '/send'), { action: 'send_manually', mode: 'test' });
    assert.equal(
      (await agent.post(page(id, '/payments'), { amount: '1', mode: 'cash', note: HOSTILE })).status,
      303,
    );
    for (const url of [page(id), page(id, '/send'), page(id, '/void')]) {
      const body = (await agent.get(url)).body;
      assert.ok(!body.includes('<script>alert'), url);
      const escaped = `&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; 'q'`;
      assert.ok(body.includes(escaped), `${url} shows the text escaped`);
      if (url === page(id)) {
        // The invoice's name, the item's name and description, the contact (twice) and the payment's note.
        assert.ok(body.split(escaped).length - 1 >= 6, 'every user text on the page is escaped');
        assert.ok(body.includes(`Note: ${escaped}`));
      }
    }
  });

  test('another location: 404 for every route, and nothing changes; no CSRF token: 403', async () => {
    const id = await newInvoice();
    await agent.post(page(id, '/send'), { action: 'email', mode: 'test' });
    await sentDelivery(id);
    await agent.post(page(id, '/payments'), { amount: '5', mode: 'cash' });
    const [payment] = await paymentsOf(id);
    const [delivery] = await ctx.store.db
      .selectFrom('deliveries')
      .select('id')
      .where('invoice_id', '=', id)
      .execute();
    const gets = ['', '/deliveries', '/send', '/void'];
    const posts: Array<[string, Record<string, string>]> = [
      ['/send', { action: 'send_manually', mode: 'test' }],
      [`/deliveries/${delivery!.id}/resend`, {}],
      ['/payments', { amount: '1', mode: 'cash' }],
      [`/payments/${payment!.id}/refund`, { amount: '1' }],
      ['/void', {}],
    ];
    const before = await snapshot();
    for (const base of [
      `/app/l/${t.locationId}/invoices/${id}`,
      `/app/l/${other.locationId}/invoices/${id}`,
    ]) {
      for (const rest of gets)
        assert.equal((await stranger.get(`${base}${rest}`)).status, 404, `GET ${base}${rest}`);
      for (const [rest, form] of posts) {
        assert.equal((await stranger.post(`${base}${rest}`, form)).status, 404, `POST ${base}${rest}`);
      }
    }
    for (const [rest, form] of posts) {
      assert.equal((await agent.post(page(id, rest), form, { csrf: false })).status, 403, `no CSRF ${rest}`);
      assert.equal(
        (await agent.post(page(id, rest), form, { csrf: 'wrong' })).status,
        403,
        `bad CSRF ${rest}`,
      );
    }
    assert.equal(await snapshot(), before);
  });
});
