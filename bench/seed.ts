/**
 * Bulk loading of invoices in SQL (insert ... select over generate_series), with rows shaped exactly as
 * POST /invoices/ writes them (src/invoicing/create-invoice.ts, invoice-rows.ts, src/store/invoices.ts):
 * objectId ids (creation time first), 43-character base64url public tokens, per-location numbers with the
 * counter moved on, totals computed from the items in minor units, a 'created' event per invoice (and a
 * 'sent' event for invoices past draft). Through the API, 100k invoices would take many minutes.
 */
import { refreshInvoiceViews } from '../src/invoicing/read-invoices.ts';
import type { Store } from '../src/store/db.ts';

export interface SeedLocation {
  id: string;
  companyId: string;
  name: string;
  /** The token id recorded as the events' actor. */
  tokenId: string;
}

/** Same contact pool for every location: list filters by contactId find a realistic handful. */
export const CONTACTS = 500;

/**
 * Adds `perLocation` invoices (1-20 items each) to every location, numbered after each location's counter.
 * Status mix: 40% draft, 35% sent, 15% paid, 5% partially paid, 5% void; half the invoices carry 10% VAT.
 */
export async function seedInvoices(store: Store, locations: SeedLocation[], perLocation: number) {
  const { pool } = store;
  const client = await pool.connect();
  try {
    await client.query('begin');
    const counters = await client.query<{ location_id: string; last_number: string }>(
      'select location_id, last_number from invoice_number_counters where location_id = any($1)',
      [locations.map((l) => l.id)],
    );
    const start = new Map(counters.rows.map((r) => [r.location_id, Number(r.last_number)]));
    // One row per location: its index k, and the data the invoice rows repeat.
    await client.query(`
      create temp table seed_location (k int, id text, company_id text, name text, token_id text, first int)
      on commit drop`);
    await client.query(
      `insert into seed_location
       select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])`,
      [
        locations.map((_, k) => k),
        locations.map((l) => l.id),
        locations.map((l) => l.companyId),
        locations.map((l) => l.name),
        locations.map((l) => l.tokenId),
        locations.map((l) => start.get(l.id) ?? 0),
      ],
    );
    // n: 0-based sequence over all new invoices; location n % L, number first + n / L + 1.
    await client.query(
      `
      create temp table seed_invoice on commit drop as
      select n, l.id as location_id, l.company_id, l.name as location_name, l.token_id,
             l.first + n / $2 + 1 as invoice_number,
             ts,
             lpad(to_hex(extract(epoch from ts)::bigint), 8, '0') || substr(md5(random()::text || n), 1, 16) as id,
             1 + (abs(hashtext(n::text || ':items' || l.first)) % 20) as n_items,
             abs(hashtext(n::text || ':status' || l.first)) % 100 as pick,
             abs(hashtext(n::text || ':contact')) % $3 as contact,
             n % 2 = 0 as taxed
      from generate_series(0, $1::int * $2::int - 1) n
      join seed_location l on l.k = n % $2
      cross join lateral (select now() - random() * interval '730 days' as ts) t`,
      [perLocation, locations.length, CONTACTS],
    );
    await client.query(`
      create temp table seed_item on commit drop as
      select i.n, j as position, i.id as invoice_id,
             lpad(to_hex(extract(epoch from i.ts)::bigint), 8, '0') || substr(md5(random()::text || i.n || ':' || j), 1, 16) as id,
             100 + abs(hashtext(i.id || j)) % 50000 as amount,
             1 + abs(hashtext(i.id || j || 'q')) % 5 as qty,
             i.taxed
      from seed_invoice i
      cross join lateral generate_series(0, i.n_items - 1) j`);
    await client.query(`
      create temp table seed_total on commit drop as
      select invoice_id, sum(amount * qty)::int8 as sub_total,
             sum(case when taxed then round(amount * qty * 0.10) else 0 end)::int8 as tax_total
      from seed_item group by invoice_id`);
    await client.query(`
      insert into invoices (
        id, location_id, company_id, status, live_mode, name, title, currency, invoice_number,
        invoice_number_prefix, contact_id, contact_details, business_details, discount, sent_to, extra,
        terms_notes, issue_date, due_date, sub_total, discount_total, tax_total, total, amount_paid,
        public_token, tax_lines, sent_at, voided_at, created_at, updated_at)
      select i.id, i.location_id, i.company_id, s.status, false, 'Invoice ' || i.invoice_number, 'INVOICE', 'USD',
             i.invoice_number, 'INV-', 'contact-' || i.contact,
             jsonb_build_object('id', 'contact-' || i.contact, 'name', 'Customer ' || i.contact,
               'email', 'customer' || i.contact || '@example.com',
               'phoneNo', '+1415' || lpad((5550000 + i.contact)::text, 7, '0')),
             jsonb_build_object('name', i.location_name),
             '{"type":"percentage","value":0}'::jsonb,
             jsonb_build_object('email', jsonb_build_array('customer' || i.contact || '@example.com')),
             '{}'::jsonb, null, i.ts::date, i.ts::date + 30,
             t.sub_total, 0, t.tax_total, t.sub_total + t.tax_total,
             case s.status when 'paid' then t.sub_total + t.tax_total
                           when 'partially_paid' then (t.sub_total + t.tax_total) / 2 else 0 end,
             rtrim(translate(encode(sha256((random()::text || i.id)::bytea), 'base64'), '+/', '-_'), '='),
             case when i.taxed then jsonb_build_array(jsonb_build_object('name', 'VAT', 'rate', 10, 'amount', t.tax_total))
                  else '[]'::jsonb end,
             case when s.status <> 'draft' then i.ts + interval '1 hour' end,
             case when s.status = 'void' then i.ts + interval '2 days' end,
             i.ts, i.ts
      from seed_invoice i
      join seed_total t on t.invoice_id = i.id
      cross join lateral (select case when i.pick < 40 then 'draft' when i.pick < 75 then 'sent'
                                      when i.pick < 90 then 'paid' when i.pick < 95 then 'partially_paid'
                                      else 'void' end as status) s`);
    await client.query(`
      insert into invoice_items (id, invoice_id, position, name, description, product_id, price_id, currency,
                                 amount, qty, taxes, type, tax_inclusive, extra, line_total)
      select id, invoice_id, position, 'Service line ' || (position + 1), null, null, null, 'USD',
             amount, qty::numeric,
             case when taxed then '[{"_id":"tax-vat","name":"VAT","rate":10,"calculation":"exclusive"}]'::jsonb
                  else '[]'::jsonb end,
             null, false, '{}'::jsonb, amount * qty
      from seed_item`);
    await client.query(`
      insert into invoice_events (invoice_id, location_id, type, actor, data, created_at)
      select i.id, i.location_id, 'created', jsonb_build_object('tokenId', i.token_id),
             jsonb_build_object('invoiceNumber', i.invoice_number), i.ts
      from seed_invoice i
      union all
      select v.id, v.location_id, 'sent', jsonb_build_object('tokenId', i.token_id),
             jsonb_build_object('action', 'send_manually', 'statusBefore', 'draft', 'statusAfter', 'sent'), v.sent_at
      from invoices v join seed_invoice i on i.id = v.id where v.sent_at is not null`);
    await client.query(
      `insert into invoice_number_counters (location_id, last_number)
       select id, first + $1 from seed_location
       on conflict (location_id) do update set last_number = excluded.last_number`,
      [perLocation],
    );
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  // Each invoice keeps its API view, as POST /invoices/ leaves it (src/invoicing/read-invoices.ts).
  await refreshInvoiceViews({ store });
  await pool.query('vacuum analyze invoices, invoice_items, invoice_events, invoice_number_counters');
  // Write the load's dirty pages out now, not during the next measured run (a spread checkpoint would).
  await pool.query('checkpoint');
}
