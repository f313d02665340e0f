/**
 * A card number entered on the test checkout never reaches the logs: `hl-invoices serve` at the most
 * verbose level, paying through its real HTTP routes, prints none of the digits it was sent, nor the
 * page's token or the checkout's session id.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openStore, type Store } from '../../src/store/db.ts';
import { authHeaders, createTestDatabase, seedTenant, type Tenant } from '../fixtures/app.ts';
import { freePort, health, launch, type Running, stopGracefully, until } from '../fixtures/cli.ts';
import { invoiceBody } from '../fixtures/invoices.ts';

let database: { url: string; drop: () => Promise<void> };
let store: Store;
let tenant: Tenant;
let server: Running;
let base: string;

before(async () => {
  database = await createTestDatabase();
  store = openStore(database.url, { max: 2 });
  tenant = await seedTenant(store);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = launch(['serve', '--no-workers'], {
    DATABASE_URL: database.url,
    PORT: String(port),
    PUBLIC_URL: base,
    LOG_LEVEL: 'trace',
  });
  await until('the server', () => health(port));
});
after(async () => {
  if (server) await stopGracefully(server);
  await store?.close();
  await database?.drop();
});

async function api(path: string, body: object) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...authHeaders(tenant.locationToken), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

function form(path: string, fields: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

test('the digits of the card numbers entered appear nowhere in the server output', async () => {
  const invoice = await api('/invoices/', invoiceBody(tenant.locationId));
  const alt = { altId: tenant.locationId, altType: 'location' };
  await api(`/invoices/${invoice._id}/send`, {
    ...alt,
    userId: tenant.userId,
    action: 'send_manually',
    liveMode: false,
  });
  const { public_token: token } = await store.db
    .selectFrom('invoices')
    .select('public_token')
    .where('id', '=', invoice._id)
    .executeTakeFirstOrThrow();
  const started = await form(`/i/${token}/pay`, { pay: 'due', tip: 'none', saveMethod: 'on' });
  assert.equal(started.status, 303);
  const checkout = new URL(started.headers.get('location')!).pathname;
  assert.equal((await form(checkout, { cardNumber: '4000 0000 0000 9995' })).status, 402);
  assert.equal((await form(checkout, { cardNumber: '4000002500003155' })).status, 200);
  assert.equal((await form(`${checkout}/confirm`, { approve: 'false' })).status, 402);
  assert.equal((await form(checkout, { cardNumber: '4242424242424242' })).status, 303);

  const output = `${server.output.stdout}\n${server.output.stderr}`;
  assert.ok(output.includes('/pay/test/[redacted]'), 'requests are logged (the URL, not the body)');
  // The page's token and the checkout's session id are secrets too: redacted from every logged URL.
  assert.ok(output.includes('/i/[redacted]/pay'));
  assert.ok(!output.includes(token), 'the page token was logged');
  assert.ok(!output.includes(checkout.split('/').pop()!), 'the checkout session id was logged');
  for (const digits of ['4000000000009995', '4000 0000 0000 9995', '4000002500003155', '4242424242424242']) {
    assert.ok(!output.includes(digits), `${digits} was logged`);
  }
  assert.ok(!output.includes('cardNumber'), 'the form field never appears');
});
