/**
 * The stored view each invoice keeps (migration 005, src/invoicing/read-invoices.ts): reads answer with the
 * same bytes the serializer makes from the rows, a change made without refreshing it (any writer, even
 * plain SQL) can never be served stale, and a view built from a row that changed meanwhile is not kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fastJson from 'fast-json-stringify';
import { sql } from 'kysely';
import { ListInvoicesResponse } from '../../src/http/schemas/invoice.ts';
import { INVOICE_VIEW_VERSION, invoiceJson, toInvoiceView } from '../../src/invoicing/invoice-view.ts';
import { refreshInvoiceViews } from '../../src/invoicing/read-invoices.ts';
import { InvoiceResponse, SendInvoiceResponse } from '../../src/invoicing/response-schemas.ts';
import { findInvoicesById, keepRebuiltViews } from '../../src/store/invoice-views.ts';
import { findInvoice } from '../../src/store/invoices.ts';
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

const location = () => ctx.tenant.locationId;

async function stored(id: string) {
  const row = await ctx.store.db
    .selectFrom('invoices')
    .select(['view_json', 'view_version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}

/** What the view of the invoice's current rows is. */
async function fresh(id: string) {
  return invoiceJson(toInvoiceView((await findInvoice(ctx.store.db, location(), id))!));
}

async function get(id: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/${id}?altId=${location()}&altType=location`,
    headers,
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  return res.body;
}

async function list(search: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/?altId=${location()}&altType=location&limit=10&offset=0&search=${search}`,
    headers,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.body;
}

function inject(method: 'POST' | 'PUT', url: string, payload: object) {
  return ctx.app.inject({ method, url, headers, payload });
}

describe('stored invoice views', () => {
  test('every change keeps a view equal to one built from the rows, and reads answer with it', async () => {
    // Keys in an order jsonb does not keep (it sorts them: shorter first, then by their bytes).
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, location(), {
      name: 'Viewed one',
      miscellaneousCharges: { zeta: [{ b: 1, aa: { ключ: 'v', z: null } }], a: true },
      items: [
        {
          name: 'Taxed',
          currency: 'USD',
          amount: 10,
          qty: 1.5,
          taxes: [{ rate: 10, name: 'VAT', _id: 'tax-1', calculation: 'exclusive' }],
        },
      ],
    });
    const check = async () => {
      const row = await stored(inv._id);
      assert.equal(row.view_version, INVOICE_VIEW_VERSION);
      assert.equal(row.view_json, await fresh(inv._id));
      assert.equal(await get(inv._id), row.view_json);
    };
    await check();
    const update = await inject('PUT', `/invoices/${inv._id}`, {
      altId: location(),
      altType: 'location',
      name: 'Viewed one, renamed',
      currency: 'USD',
      invoiceItems: [{ name: 'Only line', currency: 'USD', amount: 12.5, qty: 3 }],
      issueDate: '2026-11-01',
      dueDate: '2026-11-20',
    });
    assert.equal(update.statusCode, 200, update.body);
    await check();
    const sendBody = { altId: location(), altType: 'location', userId: ctx.tenant.userId, liveMode: false };
    const sent = await inject('POST', `/invoices/${inv._id}/send`, { ...sendBody, action: 'send_manually' });
    assert.equal(sent.statusCode, 200, sent.body);
    await check();
    assert.equal(JSON.parse((await stored(inv._id)).view_json!).status, 'sent');
    const voided = await inject('POST', `/invoices/${inv._id}/void`, {
      altId: location(),
      altType: 'location',
    });
    assert.equal(voided.statusCode, 200, voided.body);
    await check();
    assert.equal(await list('Viewed'), `{"invoices":[${(await stored(inv._id)).view_json}],"total":1}`);
  });

  test("the JSON text reads and sends answer with is exactly what their schemas' serializers make", async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, location(), {
      name: 'Serialized',
      paymentSchedule: {
        type: 'percentage',
        schedules: [
          { name: 'Deposit', value: 30, dueDate: '2026-11-01' },
          { value: 70, dueDate: '2026-12-01' },
        ],
      },
    });
    const one = await get(inv._id);
    assert.equal(one, fastJson(InvoiceResponse)(JSON.parse(one)));
    const page = await list('Serialized');
    assert.equal(page, fastJson(ListInvoicesResponse)(JSON.parse(page)));
    const sent = await inject('POST', `/invoices/${inv._id}/send`, {
      altId: location(),
      altType: 'location',
      userId: ctx.tenant.userId,
      action: 'sms_and_email',
      liveMode: false,
    });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(sent.body, fastJson(SendInvoiceResponse)(JSON.parse(sent.body)));
  });

  test('a row changed without a new view is never served stale: the read rebuilds and keeps it', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, location(), { name: 'Out of band' });
    // A writer that knows nothing of views (a later feature, a person with psql).
    await sql`update invoices set name = 'Changed behind its back', amount_paid = 100 where id = ${inv._id}`.execute(
      ctx.store.db,
    );
    assert.deepEqual(await stored(inv._id), { view_json: null, view_version: null });
    const body = JSON.parse(await get(inv._id));
    assert.equal(body.name, 'Changed behind its back');
    assert.equal(body.amountPaid, 1);
    assert.equal((await stored(inv._id)).view_json, await fresh(inv._id));

    await sql`update invoice_items set name = 'Renamed line' where invoice_id = ${inv._id} and position = 0`.execute(
      ctx.store.db,
    );
    assert.equal((await stored(inv._id)).view_json, null);
    const page = JSON.parse(await list('Changed'));
    assert.equal(page.invoices[0].invoiceItems[0].name, 'Renamed line');
    assert.equal((await stored(inv._id)).view_json, await fresh(inv._id));

    await sql`delete from invoice_items where invoice_id = ${inv._id} and position = 1`.execute(ctx.store.db);
    assert.equal(JSON.parse(await get(inv._id)).invoiceItems.length, 1);
  });

  test('a view of another version is rebuilt when read', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, location(), { name: 'Old format' });
    await sql`update invoices set view_json = '{"old":true}', view_version = ${INVOICE_VIEW_VERSION - 1} where id = ${inv._id}`.execute(
      ctx.store.db,
    );
    assert.equal(await get(inv._id), await fresh(inv._id));
    assert.equal((await stored(inv._id)).view_version, INVOICE_VIEW_VERSION);
  });

  test('a view built from a row that changed meanwhile is not kept', async () => {
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, location(), { name: 'Raced' });
    await sql`update invoices set view_json = null where id = ${inv._id}`.execute(ctx.store.db);
    const [read] = await findInvoicesById(ctx.store.db, [inv._id]);
    await sql`update invoices set name = 'Changed after the read' where id = ${inv._id}`.execute(
      ctx.store.db,
    );
    await keepRebuiltViews(
      ctx.store.db,
      [{ id: inv._id, rowVersion: read!.rowVersion, json: invoiceJson(toInvoiceView(read!)) }],
      INVOICE_VIEW_VERSION,
    );
    assert.equal((await stored(inv._id)).view_json, null);
    assert.equal(JSON.parse(await get(inv._id)).name, 'Changed after the read');
  });

  test('refreshInvoiceViews builds every missing view', async () => {
    const a = await createInvoice(ctx.app, ctx.tenant.locationToken, location(), { name: 'Bulk A' });
    const b = await createInvoice(ctx.app, ctx.tenant.locationToken, location(), { name: 'Bulk B' });
    await sql`update invoices set view_json = null, view_version = null where id = any(${[a._id, b._id]})`.execute(
      ctx.store.db,
    );
    assert.ok((await refreshInvoiceViews({ store: ctx.store }, 1)) >= 2);
    for (const id of [a._id, b._id]) assert.equal((await stored(id)).view_json, await fresh(id));
    assert.equal(await refreshInvoiceViews({ store: ctx.store }), 0);
  });
});
