/** 200 parallel creates in one location get 200 distinct, gap-free invoice numbers (no max+1 race). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { invoiceBody } from '../fixtures/invoices.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(async () => {
  await ctx.close();
});

test('200 parallel creates -> 200 distinct numbers 1..200', async () => {
  const headers = authHeaders(ctx.tenant.locationToken);
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      ctx.app.inject({
        method: 'POST',
        url: '/invoices/',
        headers,
        payload: invoiceBody(ctx.tenant.locationId, { name: `Parallel ${i}` }),
      }),
    ),
  );
  for (const res of results) assert.equal(res.statusCode, 200, res.body);
  const numbers = results.map((r) => r.json().invoiceNumber as number).sort((x, y) => x - y);
  assert.equal(new Set(numbers).size, 200);
  assert.deepEqual(
    numbers,
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  const stored = await ctx.store.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.count('invoice_number').distinct().as('n'))
    .where('location_id', '=', ctx.tenant.locationId)
    .executeTakeFirstOrThrow();
  assert.equal(Number(stored.n), 200);
});
