/**
 * How the store talks to PostgreSQL: parameterised statements are prepared once per connection (bounded),
 * and list pages (ids first, then rows and items) return every invoice once, in order, with its own items.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/db.ts';
import { findInvoice } from '../../src/store/invoices.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(async () => {
  await ctx.close();
});

/** A store of one connection, so every statement and pg_prepared_statements share a session. */
async function withOneConnection(run: (store: Store) => Promise<void>) {
  const store = openStore(ctx.databaseUrl, { max: 1 });
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

const preparedNames = async (store: Store) =>
  (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(store.db)).rows.map(
    (r) => r.name,
  );

describe('prepared statements', () => {
  test('a parameterised statement is prepared once and reused; one without parameters is not', async () => {
    const invoice = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    await withOneConnection(async (store) => {
      const first = await findInvoice(store.db, ctx.tenant.locationId, invoice._id);
      const again = await findInvoice(store.db, ctx.tenant.locationId, invoice._id);
      assert.equal(first?.invoice.id, invoice._id);
      assert.deepEqual(again, first);
      assert.equal(first!.items.length, 2);
      // The invoice row with its items: one statement, prepared on the first call only.
      assert.equal((await preparedNames(store)).length, 1);
      await sql`select 1 as one`.execute(store.db);
      assert.equal((await preparedNames(store)).length, 1);
    });
  });

  test('a connection keeps at most 200; further texts still run, unnamed', async () => {
    await withOneConnection(async (store) => {
      for (let i = 0; i < 205; i++) {
        const row = await sql<{ v: number }>`select ${i}::int + ${sql.raw(String(i))} as v`.execute(store.db);
        assert.equal(row.rows[0]!.v, 2 * i);
      }
      assert.equal((await preparedNames(store)).length, 200);
    });
  });

  test('a statement that fails on its input leaves the connection usable', async () => {
    await withOneConnection(async (store) => {
      const bad = sql`select ${'not a number'}::int as v`.execute(store.db);
      await assert.rejects(bad, /invalid input syntax/);
      const good = await sql<{ v: number }>`select ${'41'}::int + 1 as v`.execute(store.db);
      assert.equal(good.rows[0]!.v, 42);
    });
  });
});

describe('list pages', () => {
  test('walking the pages returns every invoice once, in order, each with its own items', async () => {
    const location = ctx.tenant.locationId;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, location, {
        name: `Paged ${i}`,
        issueDate: `2026-03-${String(10 + i).padStart(2, '0')}`,
        dueDate: '2026-04-30',
        items: Array.from({ length: i + 1 }, (_, n) => ({
          name: `Paged ${i} line ${n}`,
          currency: 'USD',
          amount: 1,
          qty: 1,
        })),
      });
      made.push(inv._id);
    }
    const list = async (query: string) => {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/invoices/?altId=${location}&altType=location&search=Paged&${query}`,
        headers: authHeaders(ctx.tenant.locationToken),
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as {
        total: number;
        invoices: Array<{
          _id: string;
          name: string;
          issueDate: string;
          invoiceItems: Array<{ name: string }>;
        }>;
      };
    };
    for (const order of [
      '',
      '&sortField=issueDate&sortOrder=ascend',
      '&sortField=issueDate&sortOrder=descend',
    ]) {
      const seen: string[] = [];
      for (let offset = 0; offset < 9; offset += 3) {
        const page = await list(`limit=3&offset=${offset}${order}`);
        assert.equal(page.total, 7);
        assert.equal(page.invoices.length, Math.min(3, 7 - offset));
        for (const inv of page.invoices) {
          const n = Number(inv.name.split(' ')[1]);
          assert.deepEqual(
            inv.invoiceItems.map((item) => item.name),
            Array.from({ length: n + 1 }, (_, k) => `Paged ${n} line ${k}`),
          );
          seen.push(inv._id);
        }
      }
      const expected = order.includes('ascend') ? made : [...made].reverse();
      assert.deepEqual(seen, expected, `order ${order || 'newest first'}`);
    }
  });
});
