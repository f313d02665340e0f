/** The invoice resource over HTTP: create, get, list, update, delete, void, numbering, status rules. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { createInvoice, invoiceBody } from '../fixtures/invoices.ts';

let ctx: TestContext;
let headers: Record<string, string>;
let loc: string;
before(async () => {
  ctx = await setupApp();
  headers = authHeaders(ctx.tenant.locationToken);
  loc = ctx.tenant.locationId;
});
after(async () => {
  await ctx.close();
});

const alt = () => `altId=${loc}&altType=location`;

function updateBody(invoice: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    altId: loc,
    altType: 'location',
    name: invoice.name,
    currency: invoice.currency,
    invoiceItems: [{ name: 'Design', currency: 'USD', amount: 100, qty: 3 }],
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    ...overrides,
  };
}

async function setStatus(id: string, status: string) {
  await ctx.store.db
    .updateTable('invoices')
    .set({ status: status as 'paid' })
    .where('id', '=', id)
    .execute();
}

describe('create and get', () => {
  test('create returns a draft with exact totals, a number and items as objects', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    assert.equal(inv.status, 'draft');
    assert.equal(inv.altId, loc);
    assert.equal(inv.altType, 'location');
    assert.equal(inv.liveMode, false);
    assert.equal(inv.total, 2019);
    assert.equal(inv.amountDue, 2019);
    assert.equal(inv.amountPaid, 0);
    assert.deepEqual(inv.totalSummary, { subTotal: 2019, discount: 0, tax: 0 });
    assert.equal(typeof inv.invoiceNumber, 'number');
    assert.equal(inv.invoiceNumberPrefix, 'INV-');
    assert.equal(inv.invoiceItems.length, 2);
    assert.deepEqual(
      inv.invoiceItems.map((i: { name: string; amount: number; qty: number }) => [i.name, i.amount, i.qty]),
      [
        ['Design', 999.5, 2],
        ['Hosting', 20, 1],
      ],
    );
    assert.match(inv._id, /^[0-9a-f]{24}$/);

    const got = await ctx.app.inject({ method: 'GET', url: `/invoices/${inv._id}?${alt()}`, headers });
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), inv);
  });

  test('percentage discount and per-item taxes are computed in minor units', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc, {
      items: [
        {
          name: 'A',
          currency: 'USD',
          amount: 10.01,
          qty: 3,
          taxes: [{ _id: 't1', name: 'VAT', rate: 20 }],
        },
        { name: 'B', currency: 'USD', amount: 0.99, qty: 1.5, taxes: [{ _id: 't1', name: 'VAT', rate: 20 }] },
      ],
      discount: { type: 'percentage', value: 10 },
    });
    // A: 3003, B: 148.5 -> 149 (half away from zero); sub 3152; discount 315.2 -> 315
    // allocation 3003/3152*315 = 300.1 -> 300, 149/3152*315 = 14.9 -> 15; tax 20% of 2703 = 540.6 -> 541,
    // of 134 = 26.8 -> 27; total 3152 - 315 + 568 = 3405
    assert.deepEqual(inv.totalSummary, { subTotal: 31.52, discount: 3.15, tax: 5.68 });
    assert.equal(inv.total, 34.05);
  });

  test('fixed discount limited to products, and tax-inclusive items add no tax on top', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc, {
      items: [
        { name: 'A', currency: 'USD', amount: 100, qty: 1, productId: 'p1' },
        {
          name: 'B',
          currency: 'USD',
          amount: 121,
          qty: 1,
          taxInclusive: true,
          taxes: [{ _id: 'v', name: 'VAT', rate: 21 }],
        },
      ],
      discount: { type: 'fixed', value: 25, validOnProductIds: ['p1'] },
    });
    assert.deepEqual(inv.totalSummary, { subTotal: 221, discount: 25, tax: 21 });
    assert.equal(inv.total, 196);
  });

  test('a due date defaults to the issue date; one before it is a 422', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc, { dueDate: undefined });
    assert.equal(inv.dueDate, inv.issueDate);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/',
      headers,
      payload: invoiceBody(loc, { issueDate: '2026-11-10', dueDate: '2026-11-09' }),
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().message, ['dueDate must not be before issueDate']);
  });

  test('fields HighLevel stores without acting on them are echoed', async () => {
    const tipsConfiguration = { tipsEnabled: true, tipsPercentage: ['5', '10'] };
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc, {
      tipsConfiguration,
      automaticTaxesEnabled: false,
      termsNotes: '<p>Net 14</p>',
      title: 'TAX INVOICE',
    });
    assert.deepEqual(inv.tipsConfiguration, tipsConfiguration);
    assert.equal(inv.automaticTaxesEnabled, false);
    assert.equal(inv.termsNotes, '<p>Net 14</p>');
    assert.equal(inv.title, 'TAX INVOICE');
  });
});

describe('numbering', () => {
  test('generate-invoice-number previews the next number without taking it', async () => {
    const a = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/generate-invoice-number?${alt()}`,
      headers,
    });
    const b = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/generate-invoice-number?${alt()}`,
      headers,
    });
    assert.equal(a.statusCode, 200);
    assert.deepEqual(a.json(), b.json());
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    assert.equal(inv.invoiceNumber, a.json().invoiceNumber);
  });

  test('a chosen number is kept, moves the counter, and a taken one is a 400', async () => {
    const chosen = await createInvoice(ctx.app, ctx.tenant.locationToken, loc, { invoiceNumber: '5000' });
    assert.equal(chosen.invoiceNumber, 5000);
    const next = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    assert.equal(next.invoiceNumber, 5001);
    const before = await ctx.store.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const dup = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/',
      headers,
      payload: invoiceBody(loc, { invoiceNumber: '5000' }),
    });
    assert.equal(dup.statusCode, 400);
    assert.deepEqual(dup.json(), {
      statusCode: 400,
      message: 'Invoice number 5000 is already used in this location',
      error: 'Bad Request',
    });
    const afterCount = await ctx.store.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    assert.deepEqual(afterCount, before);
  });
});

describe('list', () => {
  test('filters, search, sort and paging; total counts every match', async () => {
    const other = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/',
      headers,
      payload: invoiceBody(loc, {
        name: 'Quarterly retainer',
        issueDate: '2026-01-05',
        dueDate: '2026-01-20',
        liveMode: true,
        contactDetails: { id: 'contact-zed', name: 'Zed Zulu', email: 'zed@example.com' },
      }),
    });
    assert.equal(other.statusCode, 200);
    const zed = other.json();

    const get = async (q: string) => {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/invoices/?${alt()}&limit=50&offset=0${q}`,
        headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { invoices: Array<{ _id: string; issueDate: string }>; total: number };
    };
    const all = await get('');
    assert.equal(all.total, all.invoices.length);
    assert.ok(all.total >= 2);

    assert.deepEqual(
      (await get('&search=zulu')).invoices.map((i) => i._id),
      [zed._id],
    );
    assert.deepEqual(
      (await get('&search=RETAINER')).invoices.map((i) => i._id),
      [zed._id],
    );
    assert.deepEqual(
      (await get(`&search=${zed.invoiceNumber}`)).invoices.map((i) => i._id),
      [zed._id],
    );
    assert.deepEqual(
      (await get('&contactId=contact-zed')).invoices.map((i) => i._id),
      [zed._id],
    );
    assert.deepEqual(
      (await get('&paymentMode=live')).invoices.map((i) => i._id),
      [zed._id],
    );
    assert.equal((await get('&paymentMode=test')).total, all.total - 1);
    assert.deepEqual(
      (await get('&startAt=2026-01-01&endAt=2026-01-31')).invoices.map((i) => i._id),
      [zed._id],
    );
    assert.equal((await get('&search=%25')).total, 0, 'LIKE wildcards in search are literal');

    const asc = await get('&sortField=issueDate&sortOrder=ascend');
    assert.equal(asc.invoices[0]!._id, zed._id);
    const dates = asc.invoices.map((i) => i.issueDate);
    assert.deepEqual(dates, [...dates].sort());

    const page = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/?${alt()}&limit=1&offset=1`,
      headers,
    });
    assert.equal(page.json().invoices.length, 1);
    assert.equal(page.json().total, all.total);
    assert.equal(page.json().invoices[0]._id, all.invoices[1]!._id);
  });
});

describe('update', () => {
  test('PUT replaces items and recomputes totals', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    const res = await ctx.app.inject({
      method: 'PUT',
      url: `/invoices/${inv._id}`,
      headers,
      payload: updateBody(inv, { name: 'Renamed', discount: { type: 'fixed', value: 50 } }),
    });
    assert.equal(res.statusCode, 200, res.body);
    const updated = res.json();
    assert.equal(updated.name, 'Renamed');
    assert.equal(updated.invoiceItems.length, 1);
    assert.equal(updated.total, 250);
    assert.equal(updated.invoiceNumber, inv.invoiceNumber);
    assert.equal(updated.contactDetails.email, 'alex@example.com');
  });

  for (const status of ['paid', 'void', 'payment_processing']) {
    test(`editing a ${status} invoice is a 400 that names the status and changes nothing`, async () => {
      const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
      await setStatus(inv._id, status);
      const res = await ctx.app.inject({
        method: 'PUT',
        url: `/invoices/${inv._id}`,
        headers,
        payload: updateBody(inv, { name: 'Changed' }),
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'Bad Request');
      assert.match(
        res.json().message,
        new RegExp(status === 'payment_processing' ? 'payment in progress' : status),
      );
      const row = await ctx.store.db
        .selectFrom('invoices')
        .select('name')
        .where('id', '=', inv._id)
        .executeTakeFirst();
      assert.equal(row?.name, inv.name);
    });
  }
});

describe('void and delete', () => {
  test('void from draft and sent, not twice; paid and partially paid invoices are refunded first', async () => {
    const voidIt = (id: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/invoices/${id}/void`,
        headers,
        payload: { altId: loc, altType: 'location' },
      });
    for (const status of ['draft', 'sent']) {
      const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
      await setStatus(inv._id, status);
      const res = await voidIt(inv._id);
      assert.equal(res.statusCode, 200, `${status}: ${res.body}`);
      assert.equal(res.json().status, 'void');
      assert.deepEqual((await voidIt(inv._id)).json(), {
        statusCode: 400,
        message: 'Invoice is already void',
        error: 'Bad Request',
      });
    }
    const pay = (id: string, amount?: number) =>
      ctx.app.inject({
        method: 'POST',
        url: `/invoices/${id}/record-payment`,
        headers,
        payload: {
          altId: loc,
          altType: 'location',
          mode: 'cash',
          ...(amount === undefined ? {} : { amount }),
        },
      });
    const partly = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    await setStatus(partly._id, 'sent');
    assert.equal((await pay(partly._id, 10)).json().invoice.status, 'partially_paid');
    assert.deepEqual((await voidIt(partly._id)).json(), {
      statusCode: 400,
      message: 'Invoice is partially paid; refund its payments before voiding it',
      error: 'Bad Request',
    });
    const paid = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    await setStatus(paid._id, 'sent');
    assert.equal((await pay(paid._id)).json().invoice.status, 'paid');
    assert.deepEqual((await voidIt(paid._id)).json(), {
      statusCode: 400,
      message: 'Invoice is paid; refund its payments before voiding it',
      error: 'Bad Request',
    });
    const refund = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${paid._id}/refund`,
      headers,
      payload: { altId: loc, altType: 'location' },
    });
    assert.equal(refund.json().invoice.status, 'sent', refund.body);
    assert.equal((await voidIt(paid._id)).json().status, 'void');
  });

  test('void records an event in the history', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${inv._id}/void`,
      headers,
      payload: { altId: loc, altType: 'location' },
    });
    const events = await ctx.store.db
      .selectFrom('invoice_events')
      .select('type')
      .where('invoice_id', '=', inv._id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((e) => e.type),
      ['created', 'voided'],
    );
  });

  test('delete removes a draft; a sent invoice cannot be deleted', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    const res = await ctx.app.inject({ method: 'DELETE', url: `/invoices/${inv._id}?${alt()}`, headers });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json()._id, inv._id);
    const gone = await ctx.app.inject({ method: 'GET', url: `/invoices/${inv._id}?${alt()}`, headers });
    assert.deepEqual(gone.json(), { statusCode: 404, message: 'Invoice not found', error: 'Not Found' });

    const sent = await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
    await setStatus(sent._id, 'sent');
    const refused = await ctx.app.inject({
      method: 'DELETE',
      url: `/invoices/${sent._id}?${alt()}`,
      headers,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().message, /draft/);
  });
});
