/** The dashboard's invoice list and editor (issue #13 item 3), through app.inject with a signed-in user. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { toMinor } from '../../src/domain/money.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';
import { createInvoice } from '../fixtures/invoices.ts';

const today = new Date().toISOString().slice(0, 10);

describe('dashboard invoices', () => {
  let t: TestContext;
  let agent: DashboardAgent;
  let base: string;
  let other: Tenant;
  let stranger: DashboardAgent;

  const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: authHeaders(t.tenant.locationToken), payload });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const getInvoice = (id: string) =>
    api('GET', `/invoices/${id}?altId=${t.tenant.locationId}&altType=location`);
  const countInvoices = async () => {
    const row = await t.store.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  /** The ids of the list page's rows, in order. */
  const listIds = async (query: string): Promise<string[]> => {
    const res = await agent.get(`${base}/invoices${query}`);
    assert.equal(res.status, 200, res.body);
    const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(res.body)?.[1] ?? '';
    return [...tbody.matchAll(/href="[^"]*\/invoices\/([^"/]+)"/g)].map((m) => m[1]!);
  };
  const send = (id: string) =>
    api('POST', `/invoices/${id}/send`, {
      altId: t.tenant.locationId,
      altType: 'location',
      userId: t.tenant.userId,
      action: 'send_manually',
      liveMode: false,
    });
  const pay = (id: string, amount: number) =>
    api('POST', `/invoices/${id}/record-payment`, {
      altId: t.tenant.locationId,
      altType: 'location',
      mode: 'cash',
      amount,
    });

  before(async () => {
    t = await setupApp();
    agent = await signIn(t.app, t.store, t.tenant.userId);
    base = `/app/l/${t.tenant.locationId}`;
    other = await seedTenant(t.store, 'Other Co');
    stranger = await signIn(t.app, t.store, other.userId);
  });
  after(() => t.close());

  /** A form for the editor: three items with a tax on two, and a discount. */
  function editorForm(currency: string, overrides: Record<string, string | string[]> = {}) {
    return {
      intent: 'save',
      name: 'Kitchen remodel',
      contactName: 'Jamie Buyer',
      contactEmail: 'jamie@example.com',
      contactPhone: '+14155550111',
      contactId: '',
      issueDate: '2026-11-02',
      dueDate: '2026-11-30',
      currency,
      mode: 'test',
      item_name: ['Cabinets', 'Labour', 'Handles'],
      item_description: ['Oak', '', 'Brass'],
      item_amount:
        currency === 'JPY'
          ? ['12345', '999', '7']
          : ['1234.56', '99.99', '3.335'.slice(0, currency === 'BHD' ? 5 : 4)],
      item_qty: ['1', '3.5', '7'],
      item_tax_name: ['VAT', '', 'VAT'],
      item_tax_rate: ['7.25', '', '7.25'],
      discountType: 'percentage',
      discountValue: '12.5',
      termsNotes: 'Thanks!',
      ...overrides,
    };
  }
  const previewTotal = async (form: Record<string, string | string[]>) => {
    const res = await agent.post(`${base}/invoices/preview`, form);
    assert.equal(res.status, 200, res.body);
    const m = /id="total-amount" data-minor="(-?\d+)"/.exec(res.body);
    assert.ok(m, res.body);
    return Number(m[1]);
  };
  const idFrom = (location: string | undefined) => {
    const m = new RegExp(`^${base}/invoices/([^/?]+)$`).exec(location ?? '');
    assert.ok(m, `redirect to ${location}`);
    return m[1]!;
  };

  test('create with three items, a discount and taxes: stored total equals the preview to the minor unit', async () => {
    for (const currency of ['USD', 'JPY', 'BHD']) {
      const form = editorForm(currency);
      const shown = await previewTotal(form);
      const res = await agent.post(`${base}/invoices`, form);
      assert.equal(res.status, 303, res.body);
      const invoice = await getInvoice(idFrom(res.location));
      assert.equal(toMinor(invoice.total, currency), shown, currency);
      assert.equal(invoice.currency, currency);
      assert.equal(invoice.status, 'draft');
      assert.equal(invoice.liveMode, false);
      assert.equal(invoice.invoiceItems.length, 3);
      assert.deepEqual(invoice.discount, { type: 'percentage', value: 12.5 });
      assert.equal(invoice.invoiceItems[0].taxes[0].rate, 7.25);
      assert.equal(invoice.contactDetails.name, 'Jamie Buyer');
      assert.ok(invoice.contactDetails.id.length > 0, 'a contact id is made up');
      assert.deepEqual(invoice.sentTo.email, ['jamie@example.com']);
      assert.equal(invoice.businessDetails.name, 'Acme');
    }
  });

  test('tips, late fees and a payment schedule reach the stored invoice', async () => {
    const form = editorForm('USD', {
      tipsEnabled: 'on',
      tipsPercentages: '10, 15',
      lateEnabled: 'on',
      lateType: 'fixed',
      lateValue: '25',
      lateInterval: 'week',
      lateIntervalCount: '2',
      lateGraceDays: '3',
      lateMax: '100',
      scheduleType: 'percentage',
      schedule_name: ['Deposit', 'Rest', '', ''],
      schedule_value: ['40', '60', '', ''],
      schedule_due: ['2026-11-05', '2026-11-30', '', ''],
      mode: 'live',
    });
    const res = await agent.post(`${base}/invoices`, form);
    assert.equal(res.status, 303, res.body);
    const invoice = await getInvoice(idFrom(res.location));
    assert.deepEqual(invoice.tipsConfiguration, { tipsEnabled: true, tipsPercentage: ['10', '15'] });
    assert.deepEqual(invoice.lateFeesConfiguration, {
      enable: true,
      value: 25,
      type: 'fixed',
      frequency: { intervalCount: 2, interval: 'week' },
      grace: { intervalCount: 3, interval: 'day' },
      maxLateFees: { type: 'fixed', value: 100 },
    });
    assert.equal(invoice.paymentSchedule.type, 'percentage');
    assert.deepEqual(
      invoice.paymentSchedule.schedules.map((e: { name: string; value: number }) => [e.name, e.value]),
      [
        ['Deposit', 40],
        ['Rest', 60],
      ],
    );
    assert.equal(invoice.liveMode, true);
  });

  test('without JS: Add item and Remove re-render the form with the input kept, storing nothing', async () => {
    const before = await countInvoices();
    const added = await agent.post(`${base}/invoices`, editorForm('USD', { intent: 'add-item' }));
    assert.equal(added.status, 200);
    assert.equal([...added.body.matchAll(/name="item_name"/g)].length, 4);
    assert.match(added.body, /value="Cabinets"/);
    const removed = await agent.post(`${base}/invoices`, editorForm('USD', { intent: 'remove-1' }));
    assert.equal([...removed.body.matchAll(/name="item_name"/g)].length, 2);
    assert.doesNotMatch(removed.body, /value="Labour"/);
    const recalculated = await agent.post(`${base}/invoices`, editorForm('USD', { intent: 'recalculate' }));
    assert.match(recalculated.body, /id="total-amount"/);
    assert.equal(await countInvoices(), before);
  });

  test('bad input: a 422 page with the message and the input kept; nothing stored', async () => {
    const before = await countInvoices();
    const cases: Array<[Record<string, string | string[]>, RegExp]> = [
      [{ contactName: '' }, /Enter the contact.s name/],
      [{ item_amount: ['12,50', '1', '1'] }, /Item 1.s price must be a number/],
      [{ item_amount: ['1.234', '1', '1'] }, /Item 1: amount/],
      [{ dueDate: '2026-10-01' }, /The due date must not be before the issue date/],
      [{ issueDate: 'yesterday' }, /Enter the issue date as a date/],
      [{ currency: 'XYZ' }, /Choose a currency/],
      [{ discountType: 'fixed', discountValue: '999999' }, /The discount must not be greater/],
      [{ contactEmail: 'not-an-email' }, /is not an email address/],
      [{ lateEnabled: 'on', lateValue: '', lateInterval: 'day', lateIntervalCount: '0' }, /late fee/i],
    ];
    for (const [override, message] of cases) {
      const res = await agent.post(`${base}/invoices`, editorForm('USD', override));
      assert.equal(res.status, 422, JSON.stringify(override));
      assert.match(res.body, message, JSON.stringify(override));
      assert.match(res.body, /value="Kitchen remodel"/);
    }
    assert.equal(await countInvoices(), before);
  });

  test('edit a draft; a sent invoice is not edited here', async () => {
    const created = await agent.post(`${base}/invoices`, editorForm('USD'));
    const id = idFrom(created.location);
    const page = await agent.get(`${base}/invoices/${id}/edit`);
    assert.equal(page.status, 200);
    assert.match(page.body, /value="Kitchen remodel"/);
    assert.match(page.body, /value="Handles"/);
    assert.match(page.body, new RegExp(`<form method="post" action="${base}/invoices/${id}/duplicate"`));
    const saved = await agent.post(
      `${base}/invoices/${id}`,
      editorForm('USD', {
        name: 'Kitchen remodel v2',
        item_name: ['Cabinets', 'Labour'],
        item_amount: ['100', '50'],
        item_qty: ['1', '2'],
        item_description: ['', ''],
        item_tax_name: ['', ''],
        item_tax_rate: ['', ''],
        discountValue: '',
      }),
    );
    assert.equal(saved.status, 303, saved.body);
    assert.equal(saved.location, `${base}/invoices/${id}`);
    const invoice = await getInvoice(id);
    assert.equal(invoice.name, 'Kitchen remodel v2');
    assert.equal(invoice.total, 200);
    assert.equal(invoice.invoiceItems.length, 2);

    await send(id);
    const edit = await agent.get(`${base}/invoices/${id}/edit`);
    assert.equal(edit.status, 303);
    assert.equal(edit.location, `${base}/invoices/${id}`);
    const post = await agent.post(`${base}/invoices/${id}`, editorForm('USD', { name: 'Changed' }));
    assert.equal(post.status, 409);
    assert.equal((await getInvoice(id)).name, 'Kitchen remodel v2');
  });

  test('duplicate: a new draft with a new number, then its editor', async () => {
    const original = await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId, {
      name: 'To copy',
    });
    await send(original._id);
    const res = await agent.post(`${base}/invoices/${original._id}/duplicate`);
    assert.equal(res.status, 303);
    const m = new RegExp(`^${base}/invoices/([^/]+)/edit\\?notice=duplicated$`).exec(res.location ?? '');
    assert.ok(m, res.location);
    const copy = await getInvoice(m[1]!);
    assert.notEqual(copy._id, original._id);
    assert.notEqual(copy.invoiceNumber, original.invoiceNumber);
    assert.equal(copy.status, 'draft');
    assert.equal(copy.total, original.total);
    assert.equal(copy.name, 'To copy');
    const editor = await agent.get(res.location!);
    assert.equal(editor.status, 200);
    assert.match(editor.body, /new draft copy/);
  });

  test('new from a template: the form is prefilled and the template fills the rest', async () => {
    const template = await api('POST', '/invoices/template', {
      altId: t.tenant.locationId,
      altType: 'location',
      name: 'Monthly retainer',
      businessDetails: { name: 'Template Studio' },
      currency: 'EUR',
      items: [{ name: 'Retainer hours', currency: 'EUR', amount: 500, qty: 2 }],
      discount: { type: 'fixed', value: 50 },
      termsNotes: 'Net 30 days',
      paymentMethods: { stripe: { enableBankDebitOnly: true } },
    });
    const list = await agent.get(`${base}/invoices`);
    assert.match(list.body, new RegExp(`<option value="${template._id}">Monthly retainer</option>`));
    const page = await agent.get(`${base}/invoices/new?template=${template._id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /value="Retainer hours"/);
    assert.match(page.body, /<option value="EUR" selected>EUR<\/option>/);
    assert.match(page.body, /Net 30 days/);
    assert.match(page.body, /€950\.00/);
    const form = {
      intent: 'save',
      templateId: template._id,
      name: 'Monthly retainer',
      contactName: 'Pat',
      issueDate: today,
      dueDate: today,
      currency: 'EUR',
      mode: 'test',
      item_name: 'Retainer hours',
      item_amount: '500',
      item_qty: '2',
      discountType: 'fixed',
      discountValue: '50',
    };
    const res = await agent.post(`${base}/invoices`, form);
    assert.equal(res.status, 303, res.body);
    const invoice = await getInvoice(idFrom(res.location));
    assert.equal(invoice.total, 950);
    assert.equal(invoice.businessDetails.name, 'Template Studio');
    assert.deepEqual(invoice.paymentMethods, { stripe: { enableBankDebitOnly: true } });
    const missing = await agent.get(`${base}/invoices/new?template=nope`);
    assert.equal(missing.status, 404);
  });

  test('the list: tabs, search, date ranges, sorting and pages match what the API stored', async () => {
    const loc = t.tenant.locationId;
    // A location of its own, so that the earlier tests' invoices do not count.
    const mk = (o: Record<string, unknown>) => createInvoice(t.app, other.locationToken, other.locationId, o);
    const a = await mk({
      name: 'Alpha',
      issueDate: '2026-01-10',
      dueDate: '2026-02-10',
      contactDetails: { id: 'c1', name: 'Zed Zebra', email: 'zed@example.com' },
    });
    const b = await mk({
      name: 'Bravo',
      issueDate: '2026-01-20',
      dueDate: '2026-01-25',
      items: [{ name: 'x', currency: 'USD', amount: 5, qty: 1 }],
    });
    const c = await mk({
      name: 'Charlie',
      issueDate: '2026-02-05',
      dueDate: '2026-03-01',
      items: [{ name: 'x', currency: 'USD', amount: 700, qty: 1 }],
    });
    const d = await mk({ name: 'Delta', issueDate: '2026-03-01', dueDate: '2026-03-31', liveMode: true });
    const otherApi = async (url: string, payload: object) => {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: authHeaders(other.locationToken),
        payload,
      });
      assert.ok(res.statusCode < 300, res.body);
    };
    const alt = { altId: other.locationId, altType: 'location' };
    for (const id of [b._id, c._id, d._id])
      await otherApi(`/invoices/${id}/send`, {
        ...alt,
        userId: other.userId,
        action: 'send_manually',
        liveMode: id === d._id,
      });
    await otherApi(`/invoices/${b._id}/record-payment`, { ...alt, mode: 'cash', amount: 5 });
    await otherApi(`/invoices/${c._id}/record-payment`, { ...alt, mode: 'cash', amount: 100 });
    void loc;
    const oBase = `/app/l/${other.locationId}/invoices`;
    const ids = async (q: string) => {
      const res = await stranger.get(`${oBase}${q}`);
      assert.equal(res.status, 200, res.body);
      const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(res.body)?.[1] ?? '';
      return [...tbody.matchAll(/href="[^"]*\/invoices\/([^"/]+)"/g)].map((m) => m[1]!);
    };
    assert.deepEqual(await ids(''), [d._id, c._id, b._id, a._id]);
    assert.deepEqual(await ids('?status=draft'), [a._id]);
    assert.deepEqual(await ids('?status=paid'), [b._id]);
    assert.deepEqual(await ids('?status=partially_paid'), [c._id]);
    assert.deepEqual(await ids('?unpaid=1'), [d._id, c._id]);
    assert.deepEqual(await ids('?unpaid=1&dueFrom=2026-03-01&dueTo=2026-03-15'), [c._id]);
    assert.deepEqual(await ids('?q=zebra'), [a._id]);
    // The API's search: the number, or a name / email / phone containing the text.
    assert.ok((await ids(`?q=${c.invoiceNumber}`)).includes(c._id));
    assert.deepEqual(await ids('?q=charl'), [c._id]);
    assert.deepEqual(await ids('?from=2026-01-15&to=2026-02-28'), [c._id, b._id]);
    assert.deepEqual(await ids(`?status=paid&paidFrom=${today}&paidTo=${today}`), [b._id]);
    assert.deepEqual(await ids('?status=paid&paidFrom=2020-01-01&paidTo=2020-01-31'), []);
    assert.deepEqual(await ids('?mode=live'), [d._id]);
    const byTotal = [a, b, c, d].sort((x, y) => x.total - y.total || (x._id < y._id ? -1 : 1));
    assert.deepEqual(
      await ids('?sort=total&order=asc'),
      byTotal.map((x) => x._id),
    );
    assert.deepEqual(await ids('?sort=total'), byTotal.map((x) => x._id).reverse());
    assert.deepEqual(await ids('?sort=dueDate&order=asc'), [b._id, a._id, c._id, d._id]);
    assert.deepEqual(await ids('?sort=number&order=asc'), [a._id, b._id, c._id, d._id]);
    assert.deepEqual(await ids('?sort=issueDate&order=asc'), [a._id, b._id, c._id, d._id]);
    const page = await stranger.get(`${oBase}?status=partially_paid`);
    assert.match(page.body, /\$700\.00/, 'total in its currency');
    assert.match(page.body, /\$600\.00/, 'amount due');
    assert.match(page.body, /pill-test[^>]*>TEST</);
    const bad = await stranger.get(`${oBase}?from=not-a-date`);
    assert.equal(bad.status, 200);
    assert.match(bad.body, /is not a date/);

    // Pages of 50, without a count: the 51st invoice is on page 2.
    for (let i = 0; i < 48; i++)
      await mk({ name: `Bulk ${i}`, issueDate: '2025-06-01', dueDate: '2025-06-01' });
    const all = [...(await ids('')), ...(await ids('?page=2'))];
    assert.equal(all.length, 52);
    assert.equal(new Set(all).size, 52);
    assert.equal((await ids('?page=2')).length, 2);
    const first = await stranger.get(`${oBase}`);
    assert.match(first.body, /href="[^"]*\?page=2">Next page/);
    const second = await stranger.get(`${oBase}?page=2`);
    assert.doesNotMatch(second.body, /Next page/);
    assert.match(second.body, /Previous page/);
  });

  test('user text is shown escaped on the list and in the editor', async () => {
    const evil = `<script>alert("x")</script>'"`;
    const form = editorForm('USD', {
      name: `Name ${evil}`,
      contactName: `Contact ${evil}`,
      item_name: [`Item ${evil}`, 'b', 'c'],
      item_description: [`Desc ${evil}`, '', ''],
      termsNotes: `Terms ${evil}`,
    });
    const res = await agent.post(`${base}/invoices`, form);
    assert.equal(res.status, 303, res.body);
    const id = idFrom(res.location);
    for (const url of [`${base}/invoices?q=script`, `${base}/invoices/${id}/edit`]) {
      const page = await agent.get(url);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, /&lt;script>alert\(&quot;x&quot;\)&lt;\/script>/);
    }
    assert.deepEqual(await listIds('?q=script'), [id]);
  });

  test('another location: 404 on every route, nothing changed', async () => {
    const draft = await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId, { name: 'Mine' });
    const before = await countInvoices();
    const gets = ['/invoices', '/invoices/new', `/invoices/${draft._id}/edit`];
    const posts = [
      '/invoices',
      '/invoices/preview',
      `/invoices/${draft._id}`,
      `/invoices/${draft._id}/duplicate`,
    ];
    for (const path of gets) {
      assert.equal((await stranger.get(`${base}${path}`)).status, 404, path);
    }
    for (const path of posts) {
      assert.equal((await stranger.post(`${base}${path}`, editorForm('USD'))).status, 404, path);
    }
    // The stranger's own location, with this location's invoice id.
    const theirs = `/app/l/${other.locationId}`;
    assert.equal((await stranger.get(`${theirs}/invoices/${draft._id}/edit`)).status, 404);
    assert.equal((await stranger.post(`${theirs}/invoices/${draft._id}`, editorForm('USD'))).status, 404);
    assert.equal((await stranger.post(`${theirs}/invoices/${draft._id}/duplicate`)).status, 404);
    assert.equal(await countInvoices(), before);
    assert.equal((await getInvoice(draft._id)).name, 'Mine');
  });

  test('without the CSRF token: 403 and nothing changed', async () => {
    const draft = await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId, { name: 'Kept' });
    const before = await countInvoices();
    for (const path of [
      '/invoices',
      `/invoices/${draft._id}`,
      `/invoices/${draft._id}/duplicate`,
      '/invoices/preview',
    ]) {
      const res = await agent.post(`${base}${path}`, editorForm('USD', { name: 'Changed' }), { csrf: false });
      assert.equal(res.status, 403, path);
      const wrong = await agent.post(`${base}${path}`, editorForm('USD'), { csrf: 'not-the-token' });
      assert.equal(wrong.status, 403, path);
    }
    assert.equal(await countInvoices(), before);
    assert.equal((await getInvoice(draft._id)).name, 'Kept');
    void pay;
  });
});
