/** The 9 schedule operations over HTTP: CRUD, activation, auto-payment, cancel, bad input, tenant isolation. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createToken } from '../../src/tenancy/tokens.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { scheduleBody } from '../fixtures/schedules.ts';

let ctx: TestContext;
let headers: Record<string, string>;
let loc: string;
let other: Tenant;
before(async () => {
  ctx = await setupApp();
  headers = authHeaders(ctx.tenant.locationToken);
  loc = ctx.tenant.locationId;
  other = await seedTenant(ctx.store, 'Other');
});
after(async () => {
  await ctx.close();
});

const alt = () => ({ altId: loc, altType: 'location' });

async function create(overrides: Record<string, unknown> = {}, rrule: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/schedule',
    headers,
    payload: scheduleBody(loc, rrule, overrides),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const countSchedules = async () =>
  Number(
    (
      await ctx.store.db
        .selectFrom('invoice_schedules')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('CRUD', () => {
  test('create answers a draft with its fields, total and timezone; get and list find it', async () => {
    const created = await create();
    assert.equal(created.status, 'draft');
    assert.equal(created.altId, loc);
    assert.equal(created.total, 100);
    assert.equal(created.timezone, 'UTC', 'no rule or location timezone: UTC');
    assert.deepEqual(created.invoices, []);
    assert.equal(created.items[0].name, 'Retainer');
    assert.ok(created.items[0]._id);
    assert.equal(created.nextRunAt, undefined);

    const got = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/schedule/${created._id}?altId=${loc}&altType=location`,
      headers,
    });
    assert.equal(got.statusCode, 200, got.body);
    assert.deepEqual(got.json(), created);

    const list = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/schedule?altId=${loc}&altType=location&limit=10&offset=0&search=retainer&status=draft`,
      headers,
    });
    assert.equal(list.statusCode, 200, list.body);
    assert.ok(list.json().schedules.some((s: { _id: string }) => s._id === created._id));
    assert.ok(list.json().total >= 1);
    const live = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/schedule?altId=${loc}&altType=location&limit=10&offset=0&paymentMode=live`,
      headers,
    });
    assert.equal(live.json().total, 0);
  });

  test('update replaces the fields; schedule activates with the first run; cancel ends it', async () => {
    const created = await create();
    const put = await ctx.app.inject({
      method: 'PUT',
      url: `/invoices/schedule/${created._id}`,
      headers,
      payload: scheduleBody(loc, { startDate: '2027-02-01', timezone: 'Europe/Paris' }, { name: 'Renamed' }),
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().name, 'Renamed');
    assert.equal(put.json().timezone, 'Europe/Paris');

    const scheduled = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${created._id}/schedule`,
      headers,
      payload: { ...alt(), liveMode: false },
    });
    assert.equal(scheduled.statusCode, 200, scheduled.body);
    assert.equal(scheduled.json().status, 'active');
    // 09:00 in Paris in February is 08:00 UTC.
    assert.equal(scheduled.json().nextRunAt, '2027-02-01T08:00:00.000Z');

    const auto = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${created._id}/auto-payment`,
      headers,
      payload: { ...alt(), id: created._id, autoPayment: { enable: false } },
    });
    assert.equal(auto.statusCode, 200, auto.body);
    assert.deepEqual(auto.json().autoPayment, { enable: false });

    const cancel = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${created._id}/cancel`,
      headers,
      payload: alt(),
    });
    assert.equal(cancel.statusCode, 200, cancel.body);
    assert.equal(cancel.json().status, 'cancelled');
    assert.equal(cancel.json().nextRunAt, undefined);

    const again = await ctx.app.inject({
      method: 'PUT',
      url: `/invoices/schedule/${created._id}`,
      headers,
      payload: scheduleBody(loc),
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.json().message, /cancelled/);
  });

  test('updateAndSchedule takes an UpdateInvoiceScheduleDto and activates; delete removes the schedule', async () => {
    const created = await create();
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${created._id}/updateAndSchedule`,
      headers,
      payload: scheduleBody(loc, { intervalType: 'weekly', dayOfWeek: 'mo', startDate: '2027-01-01' }),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'active');
    assert.equal(res.json().nextRunAt, '2027-01-04T09:00:00.000Z');

    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/invoices/schedule/${created._id}?altId=${loc}&altType=location`,
      headers,
    });
    assert.equal(del.statusCode, 200, del.body);
    assert.deepEqual(del.json(), { success: true });
    const gone = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/schedule/${created._id}?altId=${loc}&altType=location`,
      headers,
    });
    assert.equal(gone.statusCode, 404);
  });

  test('scopes: schedule.readonly reads but cannot create; schedule.write is needed to create', async () => {
    const readOnly = await createToken(
      { store: ctx.store },
      {
        kind: 'location',
        companyId: ctx.tenant.companyId,
        locationId: loc,
        scopes: ['invoices/schedule.readonly'],
      },
    );
    const h = authHeaders(readOnly.token);
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/schedule?altId=${loc}&altType=location&limit=10&offset=0`,
      headers: h,
    });
    assert.equal(list.statusCode, 200, list.body);
    const before = await countSchedules();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/schedule',
      headers: h,
      payload: scheduleBody(loc),
    });
    assert.equal(res.statusCode, 401);
    assert.match(res.json().message, /not authorized for this scope/);
    assert.equal(await countSchedules(), before);
  });
});

describe('bad input: a 4xx with a message, nothing stored', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
    ['a 31st of February start', {}, { startDate: '2027-02-31' }, /valid ISO 8601 date/],
    ['an unknown time zone', {}, { timezone: 'Mars/Olympus' }, /IANA time zone/],
    [
      'an endDate before the start',
      {},
      { endDate: '2026-01-01', endType: 'by' },
      /endDate must not be before/,
    ],
    ['minutely runs', {}, { intervalType: 'minutely' }, /not supported/],
    ['numOfWeek without a day', {}, { numOfWeek: 2 }, /numOfWeek needs a dayOfWeek/],
    ['a contact nobody can reach', { contactDetails: { id: 'c', name: 'N' } }, {}, /email or a phoneNo/],
    ['neither rule nor executeAt', { schedule: {} }, {}, /rrule .* or an executeAt/],
    ['a bad executeAt', { schedule: { executeAt: 'tomorrow' } }, {}, /executeAt tomorrow/],
  ];
  for (const [name, overrides, rrule, message] of cases) {
    test(name, async () => {
      const before = await countSchedules();
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/invoices/schedule',
        headers,
        payload: scheduleBody(loc, rrule, overrides),
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.match(JSON.stringify(res.json().message), message);
      assert.equal(await countSchedules(), before);
    });
  }

  test('schema violations (interval 0, dayOfMonth 32) are 422s', async () => {
    for (const rrule of [{ interval: 0 }, { dayOfMonth: 32 }]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/invoices/schedule',
        headers,
        payload: scheduleBody(loc, rrule),
      });
      assert.equal(res.statusCode, 422, res.body);
    }
  });

  test('scheduling a rule whose runs are all past is a 422; the schedule stays a draft', async () => {
    const created = await create({}, { startDate: '2020-01-01', count: 2 });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${created._id}/schedule`,
      headers,
      payload: { ...alt(), liveMode: false },
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.match(JSON.stringify(res.json().message), /no run left/);
    const row = await ctx.store.db
      .selectFrom('invoice_schedules')
      .select('status')
      .where('id', '=', created._id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'draft');
  });

  test('updateAndSchedule with a rule that has no run left changes nothing (one transaction)', async () => {
    const created = await create();
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${created._id}/updateAndSchedule`,
      headers,
      payload: scheduleBody(loc, { startDate: '2020-01-01', count: 1 }, { name: 'Changed' }),
    });
    assert.equal(res.statusCode, 422, res.body);
    const row = await ctx.store.db
      .selectFrom('invoice_schedules')
      .select(['name', 'status'])
      .where('id', '=', created._id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: 'Monthly retainer', status: 'draft' });
  });

  test('an auto-payment with a method the provider does not know is a 422', async () => {
    const created = await create();
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${created._id}/auto-payment`,
      headers,
      payload: {
        ...alt(),
        id: created._id,
        autoPayment: { enable: true, type: 'card', paymentMethodId: 'pm_nope', customerId: 'cus_nope' },
      },
    });
    assert.equal(res.statusCode, 422, res.body);
  });
});

describe('tenant isolation', () => {
  test("another location's token gets 403 for this location and 404 for this schedule in its own", async () => {
    const created = await create();
    const otherHeaders = authHeaders(other.locationToken);
    const asOther = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/schedule/${created._id}?altId=${loc}&altType=location`,
      headers: otherHeaders,
    });
    assert.equal(asOther.statusCode, 403);
    const inOwn = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${created._id}/cancel`,
      headers: otherHeaders,
      payload: { altId: other.locationId, altType: 'location' },
    });
    assert.equal(inOwn.statusCode, 404);
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/invoices/schedule/${created._id}?altId=${other.locationId}&altType=location`,
      headers: otherHeaders,
    });
    assert.equal(del.statusCode, 404);
    const row = await ctx.store.db
      .selectFrom('invoice_schedules')
      .select('status')
      .where('id', '=', created._id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'draft', 'unchanged');
  });
});
