/**
 * The HTTP ceilings, run as their own process by run.ts. argv[2] names a file holding a real get-invoice
 * response; every request is answered with it by a bare node:http server. With argv[3] (a database URL)
 * and argv[4] (a JSON file of {invoiceId, locationId} targets), each request first runs the two queries
 * GET /invoices/{id} needs (the invoice row, its items) through `pg`: the floor any service pays that reads
 * an invoice from PostgreSQL per request, without auth, routing, validation or serialisation (prepared
 * statements, as the service's store uses).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

const body = fs.readFileSync(process.argv[2]!);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };
const databaseUrl = process.argv[3];
const targets = process.argv[4]
  ? (JSON.parse(fs.readFileSync(process.argv[4], 'utf8')) as Array<{ invoiceId: string; locationId: string }>)
  : [];
const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 10 }) : undefined;

async function readInvoice(): Promise<void> {
  const t = targets[Math.floor(Math.random() * targets.length)]!;
  // Named statements, prepared once per connection, as the service's store runs them (src/store/db.ts).
  await pool!.query({
    name: 'invoice',
    text: 'select * from "invoices" where "id" = $1 and "location_id" = $2',
    values: [t.invoiceId, t.locationId],
  });
  await pool!.query({
    name: 'items',
    text: 'select * from "invoice_items" where "invoice_id" = any($1) order by "invoice_id", "position"',
    values: [[t.invoiceId]],
  });
}

const server = http.createServer((request, response) => {
  // Drain the request so keep-alive connections stay usable, as a framework would.
  request.resume();
  request.on('end', () => {
    const answer = () => {
      response.writeHead(200, headers);
      response.end(body);
    };
    if (!pool) return answer();
    readInvoice().then(answer, () => {
      response.writeHead(500);
      response.end();
    });
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
