/**
 * Invoice templates (issue #12 item 1): CRUD, the late-fees and payment-methods PATCHes, scopes, tenancy,
 * and `templateId` on POST /invoices/ (what the body leaves out comes from the template).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createToken } from '../../src/tenancy/tokens.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { invoiceBody } from '../fixtures/invoices.ts';

let ctx: TestContext;
let a: Tenant;
let b: Tenant;
before(async () => {
  ctx = await setupApp();
  a = ctx.tenant;
  b = await seedTenant(ctx.store, 'Other');
});
after(async () => {
  await ctx.close();
});

const LATE_FEES = {
  enable: true,
  value: 5,
  type: 'percentage',
  frequency: { intervalCount: 1, interval: 'week' },
  grace: { intervalCount: 3, interval: 'day' },
  maxLateFees: { type: 'fixed', value: 50 },
};

function templateBody(altId: string, overrides: Record<string, unknown> = {}) {
  return {
    altId,
    altType: 'location',
    name: 'Monthly retainer',
    businessDetails: { name: 'Acme Studio', address: { city: 'Austin', countryCode: 'US' } },
    currency: 'USD',
    items: [
      { name: 'Retainer', currency: 'USD', amount: 1500, qty: 1 },
      {
        name: 'Hosting',
        currency: 'USD',
        amount: 19.99,
        qty: 3,
        taxes: [{ _id: 'vat', name: 'VAT', rate: 10 }],
      },
    ],
    discount: { type: 'fixed', value: 100 },
    termsNotes: '<p>Net 15</p>',
    title: 'RETAINER',
    invoiceNumberPrefix: 'RET-',
    lateFeesConfiguration: LATE_FEES,
    paymentMethods: { stripe: { enableBankDebitOnly: false } },
    tipsConfiguration: { tipsEnabled: true, tipsPercentage: ['10', '15'] },
    ...overrides,
  };
}

async function inject(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  token = a.locationToken,
) {
  return ctx.app.inject({ method, url, headers: authHeaders(token), ...(payload ? { payload } : {}) });
}

async function createTemplate(overrides: Record<string, unknown> = {}, tenant = a) {
  const res = await inject(
    'POST',
    '/invoices/template',
    templateBody(tenant.locationId, overrides),
    tenant.locationToken,
  );
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const q = (t: Tenant) => `altId=${t.locationId}&altType=location`;

describe('template CRUD', () => {
  test('a created template comes back with ids for its items and its total in major units', async () => {
    const t = await createTemplate();
    assert.match(t._id, /^[0-9a-f]{24}$/);
    assert.equal(t.altId, a.locationId);
    assert.equal(t.altType, 'location');
    assert.equal(t.items.length, 2);
    for (const item of t.items) assert.match(item._id, /^[0-9a-f]{24}$/);
    // 1500 + 3 x 19.99 = 1559.97, less 100 fixed, plus 10% VAT on hosting's discounted share.
    assert.equal(typeof t.total, 'number');
    assert.ok(t.total > 1459.97 && t.total < 1470, String(t.total));
    assert.deepEqual(t.lateFeesConfiguration, LATE_FEES);
    assert.equal(t.invoiceNumberPrefix, 'RET-');

    const got = await inject('GET', `/invoices/template/${t._id}?${q(a)}`);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), t);
  });

  test('the list pages newest first, searches by name and counts every match', async () => {
    const names = ['Alpha plan', 'Beta plan', 'Gamma retainer'];
    for (const name of names) await createTemplate({ name });
    const page = await inject('GET', `/invoices/template?${q(a)}&limit=2&offset=0&search=plan`);
    assert.equal(page.statusCode, 200, page.body);
    const body = page.json();
    assert.equal(body.totalCount, 2);
    assert.deepEqual(
      body.data.map((t: { name: string }) => t.name),
      ['Beta plan', 'Alpha plan'],
    );
    const wildcard = await inject('GET', `/invoices/template?${q(a)}&limit=10&offset=0&search=%25`);
    assert.equal(wildcard.json().totalCount, 0, 'a % in search is a literal character');
    const today = new Date().toISOString().slice(0, 10);
    const dated = await inject(
      'GET',
      `/invoices/template?${q(a)}&limit=100&offset=0&startAt=${today}&endAt=${today}`,
    );
    assert.ok(dated.json().totalCount >= 3);
    const before = await inject('GET', `/invoices/template?${q(a)}&limit=100&offset=0&endAt=2000-01-01`);
    assert.equal(before.json().totalCount, 0);
  });

  test('PUT replaces what its DTO carries and keeps late fees, payment methods and tips', async () => {
    const t = await createTemplate();
    const res = await inject('PUT', `/invoices/template/${t._id}`, {
      altId: a.locationId,
      altType: 'location',
      name: 'Renamed',
      businessDetails: { name: 'Acme Two' },
      currency: 'USD',
      items: [{ name: 'Only', currency: 'USD', amount: 10, qty: 2 }],
    });
    assert.equal(res.statusCode, 200, res.body);
    const updated = res.json();
    assert.equal(updated.name, 'Renamed');
    assert.equal(updated.total, 20);
    assert.equal(updated.items.length, 1);
    assert.equal(updated.termsNotes, undefined, 'the DTO carries termsNotes: absent clears it');
    assert.deepEqual(updated.lateFeesConfiguration, LATE_FEES);
    assert.deepEqual(updated.paymentMethods, { stripe: { enableBankDebitOnly: false } });
    assert.deepEqual(updated.tipsConfiguration, t.tipsConfiguration);
    assert.equal(updated.createdAt, t.createdAt);
    assert.ok(updated.updatedAt >= t.updatedAt);
  });

  test('the late-fees and payment-methods PATCHes change only their configuration', async () => {
    const t = await createTemplate();
    const fees = {
      enable: true,
      value: 25,
      type: 'fixed',
      frequency: { intervalCount: 0, interval: 'one_time' },
    };
    const lf = await inject('PATCH', `/invoices/template/${t._id}/late-fees-configuration`, {
      altId: a.locationId,
      altType: 'location',
      lateFeesConfiguration: fees,
    });
    assert.equal(lf.statusCode, 200, lf.body);
    assert.deepEqual(lf.json().lateFeesConfiguration, fees);
    assert.equal(lf.json().name, t.name);
    assert.equal(lf.json().total, t.total);

    const pm = await inject('PATCH', `/invoices/template/${t._id}/payment-methods-configuration`, {
      altId: a.locationId,
      altType: 'location',
      paymentMethods: { stripe: { enableBankDebitOnly: true } },
    });
    assert.equal(pm.statusCode, 200, pm.body);
    assert.deepEqual(pm.json().paymentMethods, { stripe: { enableBankDebitOnly: true } });
    assert.deepEqual(pm.json().lateFeesConfiguration, fees);

    const bad = await inject('PATCH', `/invoices/template/${t._id}/late-fees-configuration`, {
      altId: a.locationId,
      altType: 'location',
      lateFeesConfiguration: { ...fees, type: 'weekly' },
    });
    assert.equal(bad.statusCode, 422, bad.body);
  });

  test('DELETE removes it; after that every route is a 404 naming the template', async () => {
    const t = await createTemplate();
    const del = await inject('DELETE', `/invoices/template/${t._id}?${q(a)}`);
    assert.equal(del.statusCode, 200);
    assert.deepEqual(del.json(), { success: true });
    const notFound = { statusCode: 404, message: 'Template not found', error: 'Not Found' };
    assert.deepEqual((await inject('GET', `/invoices/template/${t._id}?${q(a)}`)).json(), notFound);
    assert.deepEqual((await inject('DELETE', `/invoices/template/${t._id}?${q(a)}`)).json(), notFound);
    const put = await inject('PUT', `/invoices/template/${t._id}`, {
      ...templateBody(a.locationId),
      lateFeesConfiguration: undefined,
      paymentMethods: undefined,
      tipsConfiguration: undefined,
      invoiceNumberPrefix: undefined,
    });
    assert.deepEqual(put.json(), notFound);
  });

  test("amounts are checked as an invoice's are: more decimals than the currency has is a 422", async () => {
    const res = await inject(
      'POST',
      '/invoices/template',
      templateBody(a.locationId, { items: [{ name: 'x', currency: 'USD', amount: 1.005, qty: 1 }] }),
    );
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error, 'Unprocessable Entity');
    const count = await ctx.store.db
      .selectFrom('invoice_templates')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', '=', 'never')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });
});

describe('scopes and tenancy', () => {
  test('template routes need the invoices/template scopes', async () => {
    const invoicesOnly = await createToken(ctx, {
      kind: 'location',
      companyId: a.companyId,
      locationId: a.locationId,
      scopes: ['invoices.readonly', 'invoices.write'],
    });
    const readOnly = await createToken(ctx, {
      kind: 'location',
      companyId: a.companyId,
      locationId: a.locationId,
      scopes: ['invoices/template.readonly'],
    });
    const denied = await inject(
      'GET',
      `/invoices/template?${q(a)}&limit=1&offset=0`,
      undefined,
      invoicesOnly.token,
    );
    assert.equal(denied.statusCode, 401);
    const listed = await inject(
      'GET',
      `/invoices/template?${q(a)}&limit=1&offset=0`,
      undefined,
      readOnly.token,
    );
    assert.equal(listed.statusCode, 200);
    const created = await inject('POST', '/invoices/template', templateBody(a.locationId), readOnly.token);
    assert.equal(created.statusCode, 401);
  });

  test("another location's template is out of reach, whichever altId is named", async () => {
    const theirs = await createTemplate({ name: 'B secret' }, b);
    // Our altId: their id is not a template here.
    for (const [method, url, payload] of [
      ['GET', `/invoices/template/${theirs._id}?${q(a)}`],
      ['DELETE', `/invoices/template/${theirs._id}?${q(a)}`],
      [
        'PUT',
        `/invoices/template/${theirs._id}`,
        {
          ...templateBody(a.locationId),
          lateFeesConfiguration: undefined,
          paymentMethods: undefined,
          tipsConfiguration: undefined,
          invoiceNumberPrefix: undefined,
        },
      ],
      [
        'PATCH',
        `/invoices/template/${theirs._id}/late-fees-configuration`,
        { altId: a.locationId, altType: 'location', lateFeesConfiguration: LATE_FEES },
      ],
    ] as const) {
      const res = await inject(method, url, payload);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    }
    // Their altId with our token: forbidden.
    const res = await inject('GET', `/invoices/template/${theirs._id}?${q(b)}`);
    assert.equal(res.statusCode, 403);
    const list = await inject('GET', `/invoices/template?${q(a)}&limit=100&offset=0&search=secret`);
    assert.equal(list.json().totalCount, 0);
    const still = await inject('GET', `/invoices/template/${theirs._id}?${q(b)}`, undefined, b.locationToken);
    assert.equal(still.json().name, 'B secret');
  });
});

describe('templateId on POST /invoices/', () => {
  test('what the body leaves out comes from the template; what it gives wins', async () => {
    const t = await createTemplate();
    const { items: _i, businessDetails: _b, currency: _c, discount: _d, ...rest } = invoiceBody(a.locationId);
    const res = await inject('POST', '/invoices/', { ...rest, templateId: t._id, title: 'MINE' });
    assert.equal(res.statusCode, 200, res.body);
    const invoice = res.json();
    assert.deepEqual(
      invoice.invoiceItems.map((i: { name: string; amount: number; qty: number }) => [
        i.name,
        i.amount,
        i.qty,
      ]),
      [
        ['Retainer', 1500, 1],
        ['Hosting', 19.99, 3],
      ],
    );
    assert.equal(invoice.total, t.total);
    assert.equal(invoice.currency, 'USD');
    assert.equal(invoice.businessDetails.name, 'Acme Studio');
    assert.equal(invoice.termsNotes, '<p>Net 15</p>');
    assert.equal(invoice.title, 'MINE');
    assert.equal(invoice.invoiceNumberPrefix, 'RET-');
    assert.deepEqual(invoice.lateFeesConfiguration, LATE_FEES);
    assert.deepEqual(invoice.discount, { type: 'fixed', value: 100 });
    assert.equal(invoice.name, 'Website redesign');
    // The invoice's items are its own: changing the template later leaves it as it was.
    await inject('DELETE', `/invoices/template/${t._id}?${q(a)}`);
    const again = await inject('GET', `/invoices/${invoice._id}?${q(a)}`);
    assert.equal(again.json().invoiceItems.length, 2);
  });

  test("an unknown template, or another location's, is a 400 and creates nothing", async () => {
    const theirs = await createTemplate({ name: 'B template' }, b);
    const count = async () =>
      Number(
        (
          await ctx.store.db
            .selectFrom('invoices')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('location_id', '=', a.locationId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const templateId of ['0123456789abcdef01234567', theirs._id]) {
      const res = await inject('POST', '/invoices/', { ...invoiceBody(a.locationId), templateId });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json(), {
        statusCode: 400,
        message: `templateId ${templateId} is not a template of this location`,
        error: 'Bad Request',
      });
    }
    const wrongType = await inject('POST', '/invoices/', { ...invoiceBody(a.locationId), templateId: 42 });
    assert.equal(wrongType.statusCode, 422, wrongType.body);
    assert.equal(await count(), before);
  });

  test("a body currency other than the template items' is refused as any mismatched item is", async () => {
    const t = await createTemplate();
    const { items: _i, currency: _c, ...rest } = invoiceBody(a.locationId);
    const res = await inject('POST', '/invoices/', { ...rest, currency: 'EUR', templateId: t._id });
    assert.equal(res.statusCode, 422, res.body);
    assert.match(JSON.stringify(res.json().message), /must be the invoice currency EUR/);
  });
});
