/**
 * The dashboard's schedules screens (issue #13 item 6): create, edit, activate and cancel through the
 * forms; a run on the test clock makes an invoice the schedule's page links to; other locations get
 * 404s, posts without CSRF 403s, and names are shown escaped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type PgBoss from 'pg-boss';
import type { SchedulerContext } from '../../src/invoicing/context.ts';
import { startQueue } from '../../src/jobs/queue.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';
import { runAt, runContext, scheduleBody } from '../fixtures/schedules.ts';

export function scheduleForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: 'Monthly retainer',
    currency: 'USD',
    contact_name: 'Alex Doe',
    contact_email: 'alex@example.com',
    contact_phone: '',
    item_name: ['Retainer', ''],
    item_description: ['Hours', ''],
    item_amount: ['100', ''],
    item_qty: ['2', '1'],
    discount_type: 'percentage',
    discount_value: '',
    frequency: 'monthly',
    interval: '1',
    day_of_month: '',
    day_of_week: '',
    start_date: '2027-01-15',
    start_time: '09:00',
    timezone: 'UTC',
    end_type: 'never',
    count: '',
    end_date: '',
    due_after_days: '',
    mode: 'test',
    _action: 'save',
    ...overrides,
  };
}

describe('dashboard schedules', () => {
  let t: TestContext;
  let boss: PgBoss;
  let run: SchedulerContext;
  let agent: DashboardAgent;
  let other: Tenant;
  let base: string;
  before(async () => {
    t = await setupApp();
    boss = await startQueue(t.databaseUrl, {});
    run = runContext(boss, t.store);
    agent = await signIn(t.app, t.store, t.tenant.userId);
    other = await seedTenant(t.store, 'Other');
    base = `/app/l/${t.tenant.locationId}/schedules`;
  });
  after(async () => {
    await boss.stop({ graceful: true, wait: true });
    await t.close();
  });

  const row = (id: string) =>
    t.store.db.selectFrom('invoice_schedules').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const idOf = (location: string | undefined) => {
    const match = /\/schedules\/([^/?]+)\?notice=/.exec(location ?? '');
    assert.ok(match, `no schedule in ${location}`);
    return match[1]!;
  };

  test('the list and the editor render; a new schedule defaults to test mode', async () => {
    const list = await agent.get(base);
    assert.equal(list.status, 200);
    assert.match(list.body, /No schedules yet/);
    const form = await agent.get(`${base}/new`);
    assert.equal(form.status, 200);
    assert.match(form.body, /<option value="test" selected>/);
    assert.match(form.body, /name="item_name"/);
    assert.match(form.body, /<label for="start_date">Start date<\/label>/);
  });

  test('"Add item" re-renders the form with the input kept and one more row; nothing is saved', async () => {
    const res = await agent.post(`${base}/new`, scheduleForm({ _action: 'add-item' }));
    assert.equal(res.status, 200);
    assert.equal((res.body.match(/name="item_name"/g) ?? []).length, 2);
    assert.match(res.body, /value="Retainer"/);
    assert.equal((await t.store.db.selectFrom('invoice_schedules').selectAll().execute()).length, 0);
  });

  test('bad input re-renders the form with messages and the input kept, never a 5xx', async () => {
    const res = await agent.post(
      `${base}/new`,
      scheduleForm({
        name: '',
        item_amount: ['ten', ''],
        interval: '0',
        timezone: 'Mars/Base',
        contact_email: '',
      }),
    );
    assert.equal(res.status, 422);
    assert.match(res.body, /Give it a name/);
    assert.match(res.body, /Item 1: the price must be an amount/);
    assert.match(res.body, /&quot;Every&quot; must be a whole number/);
    assert.match(res.body, /time zone must be one such as/);
    assert.match(res.body, /needs an email or a phone number/);
    assert.match(res.body, /value="ten"/);
    assert.match(res.body, /value="Mars\/Base"/);
    // A rule the use case refuses (end before start) comes back as a message too.
    const refused = await agent.post(`${base}/new`, scheduleForm({ end_type: 'by', end_date: '2026-01-01' }));
    assert.equal(refused.status, 422);
    assert.match(refused.body, /endDate must not be before startDate/);
    assert.equal((await t.store.db.selectFrom('invoice_schedules').selectAll().execute()).length, 0);
  });

  test('create, edit, activate (next run shown), a run makes an invoice the page links to, cancel', async () => {
    const created = await agent.post(`${base}/new`, scheduleForm());
    assert.equal(created.status, 303, created.body);
    const id = idOf(created.location);
    let stored = await row(id);
    assert.equal(stored.status, 'draft');
    assert.equal(stored.live_mode, false);
    assert.equal(stored.total, 20000);
    assert.equal(stored.fields.contactDetails.email, 'alex@example.com');

    const page = await agent.get(`${base}/${id}`);
    assert.match(page.body, /Every month at 09:00 \(UTC\), from 2027-01-15/);
    assert.match(page.body, /Not active yet/);

    const edit = await agent.get(`${base}/${id}/edit`);
    assert.match(edit.body, /value="Retainer"/);
    const saved = await agent.post(
      `${base}/${id}/edit`,
      scheduleForm({ name: 'Retainer, twice', item_amount: ['150', ''], day_of_month: '20' }),
    );
    assert.equal(saved.status, 303, saved.body);
    stored = await row(id);
    assert.equal(stored.name, 'Retainer, twice');
    assert.equal(stored.total, 30000);
    assert.equal(stored.fields.schedule.rrule?.dayOfMonth, 20);

    const activated = await agent.post(`${base}/${id}/activate`);
    assert.equal(activated.status, 303);
    stored = await row(id);
    assert.equal(stored.status, 'active');
    assert.equal(stored.next_run_at?.toISOString(), '2027-01-20T09:00:00.000Z');
    const active = await agent.get(activated.location!);
    assert.match(active.body, /The schedule is active/);
    assert.match(active.body, /<dd id="next-run">2027-01-20 09:00 \(UTC\)<\/dd>/);

    assert.equal(await runAt(run, t.tenant.locationId, '2027-01-21T00:00:00Z'), 1);
    const invoice = await t.store.db
      .selectFrom('invoice_schedule_runs')
      .select('invoice_id')
      .where('schedule_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.ok(invoice.invoice_id);
    const after = await agent.get(`${base}/${id}`);
    assert.ok(after.body.includes(`href="/app/l/${t.tenant.locationId}/invoices/${invoice.invoice_id}"`));
    assert.match(after.body, /2027-02-20 09:00 \(UTC\)/);
    const list = await agent.get(base);
    assert.match(list.body, /Retainer, twice/);
    assert.match(list.body, /\$300\.00/);

    const cancelled = await agent.post(`${base}/${id}/cancel`);
    assert.equal(cancelled.status, 303);
    stored = await row(id);
    assert.equal(stored.status, 'cancelled');
    assert.equal(stored.next_run_at, null);
    const ended = await agent.get(`${base}/${id}`);
    assert.doesNotMatch(ended.body, /\/edit"/);
    // An ended schedule is not changed by a stale form.
    const stale = await agent.post(`${base}/${id}/edit`, scheduleForm({ name: 'Again' }));
    assert.equal(stale.status, 422);
    assert.match(stale.body, /cancelled; it cannot be changed/);
    assert.equal((await row(id)).name, 'Retainer, twice');
  });

  test('"Save and activate" on a new schedule, ending after 3 invoices', async () => {
    const res = await agent.post(
      `${base}/new`,
      scheduleForm({
        _action: 'activate',
        end_type: 'count',
        count: '3',
        frequency: 'weekly',
        day_of_week: 'mo',
        start_date: '2027-03-02',
      }),
    );
    assert.equal(res.status, 303, res.body);
    const stored = await row(idOf(res.location));
    assert.equal(stored.status, 'active');
    assert.equal(stored.fields.schedule.rrule?.count, 3);
    assert.equal(stored.next_run_at?.toISOString(), '2027-03-08T09:00:00.000Z');
    const page = await agent.get(res.location!);
    assert.match(page.body, /Every week on Monday at 09:00 \(UTC\), from 2027-03-02, 3 times/);
  });

  test('another location’s user gets 404 on every route and changes nothing; no CSRF is a 403', async () => {
    const created = await agent.post(`${base}/new`, scheduleForm({ name: 'Mine' }));
    const id = idOf(created.location);
    const stranger = await signIn(t.app, t.store, other.userId);
    const otherBase = `/app/l/${other.locationId}/schedules`;
    for (const url of [base, `${base}/new`, `${base}/${id}`, `${base}/${id}/edit`])
      assert.equal((await stranger.get(url)).status, 404, url);
    const posts = ['edit', 'activate', 'cancel', 'delete'].map((a) => `${base}/${id}/${a}`);
    for (const url of [`${base}/new`, ...posts])
      assert.equal((await stranger.post(url, scheduleForm({ name: 'Taken' }))).status, 404, url);
    // In their own location, the id of ours does not exist.
    for (const url of [`${otherBase}/${id}`, `${otherBase}/${id}/edit`])
      assert.equal((await stranger.get(url)).status, 404, url);
    for (const url of posts.map((u) => u.replace(base, otherBase)))
      assert.equal((await stranger.post(url, scheduleForm({ name: 'Taken' }))).status, 404, url);
    for (const url of [`${base}/new`, ...posts])
      assert.equal(
        (await agent.post(url, scheduleForm({ name: 'Taken' }), { csrf: false })).status,
        403,
        url,
      );
    const stored = await row(id);
    assert.equal(stored.name, 'Mine');
    assert.equal(stored.status, 'draft');
    const all = await t.store.db.selectFrom('invoice_schedules').select('name').execute();
    assert.ok(all.every((s) => s.name !== 'Taken'));
  });

  test('names, items and contact with <script> and quotes are shown escaped', async () => {
    const evil = `<script>alert("x")</script>'"`;
    const res = await agent.post(
      `${base}/new`,
      scheduleForm({ name: evil, contact_name: evil, item_name: [evil, ''], item_description: [evil, ''] }),
    );
    assert.equal(res.status, 303, res.body);
    for (const url of [res.location!, base, `${res.location!.split('?')[0]}/edit`]) {
      const page = await agent.get(url);
      assert.ok(!page.body.includes('<script>alert'), url);
      assert.match(page.body, /&lt;script>alert\(&quot;x&quot;\)&lt;\/script>/);
    }
  });

  test('an edit keeps what the API set and the form does not show; a one-time schedule stays one run', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/invoices/schedule',
      headers: authHeaders(t.tenant.locationToken),
      payload: scheduleBody(
        t.tenant.locationId,
        {},
        {
          schedule: { executeAt: '2027-05-01T08:15:00Z', dueAfterDays: 14 },
          termsNotes: 'Net 14',
          paymentMethods: { stripe: { enableBankDebitOnly: true } },
        },
      ),
    });
    assert.equal(created.statusCode, 200, created.body);
    const id = created.json()._id as string;
    const edit = await agent.get(`${base}/${id}/edit`);
    assert.match(edit.body, /id="start_time" name="start_time" type="time" value="08:15"/);
    const form = Object.fromEntries(
      [...edit.body.matchAll(/<input id="([a-z_0-9]+)" name="([a-z_]+)"[^>]*? value="([^"]*)"/g)].map((m) => [
        m[1]!,
        m[3]!,
      ]),
    );
    const saved = await agent.post(
      `${base}/${id}/edit`,
      scheduleForm({
        name: 'One visit',
        frequency: 'daily',
        start_date: form.start_date!,
        start_time: form.start_time!,
        timezone: form.timezone!,
        end_type: 'count',
        count: '1',
        due_after_days: form.due_after_days!,
      }),
    );
    assert.equal(saved.status, 303, saved.body);
    const stored = await row(id);
    assert.equal(stored.name, 'One visit');
    assert.equal(stored.fields.termsNotes, 'Net 14');
    assert.deepEqual(stored.fields.paymentMethods, { stripe: { enableBankDebitOnly: true } });
    assert.equal(stored.fields.schedule.dueAfterDays, 14);
    assert.equal(stored.fields.schedule.rrule?.count, 1);
    assert.equal(stored.fields.schedule.rrule?.startDate, '2027-05-01');
  });

  test('delete: the schedule goes, the invoices it made stay', async () => {
    const res = await agent.post(
      `${base}/new`,
      scheduleForm({ name: 'Short-lived', _action: 'activate', start_date: '2027-06-01' }),
    );
    const id = idOf(res.location);
    await runAt(run, t.tenant.locationId, '2027-06-02T00:00:00Z');
    const { invoice_id } = await t.store.db
      .selectFrom('invoice_schedule_runs')
      .select('invoice_id')
      .where('schedule_id', '=', id)
      .executeTakeFirstOrThrow();
    const deleted = await agent.post(`${base}/${id}/delete`);
    assert.equal(deleted.status, 303);
    assert.equal(deleted.location, `${base}?notice=deleted`);
    assert.equal((await agent.get(`${base}/${id}`)).status, 404);
    const invoice = await t.store.db
      .selectFrom('invoices')
      .select('id')
      .where('id', '=', invoice_id!)
      .executeTakeFirst();
    assert.ok(invoice, 'the invoice stays');
  });
});
