/**
 * The HTTP ceilings, run as their own process by run.ts. argv[2] names a file holding a real get-invoice
 * response; every request is answered with it by a bare node:http server. With argv[3] (a database URL)
 * and argv[4] (a JSON file of {invoiceId, locationId, token} targets), each request first runs the
 * statements GET /invoices/{id} runs (the token lookup, the invoice's stored view), taken from the store
 * itself, through `pg`: the floor any service pays that reads an invoice from PostgreSQL per request,
 * without routing, validation or serialisation (prepared statements, as the service's store runs them).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { hashToken } from '../src/domain/tokens.ts';
import { statementName } from '../src/store/db.ts';
import { viewById } from '../src/store/invoice-views.ts';
import { liveToken } from '../src/store/tokens.ts';

const body = fs.readFileSync(process.argv[2]!);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };
const databaseUrl = process.argv[3];
const targets = process.argv[4]
  ? (JSON.parse(fs.readFileSync(process.argv[4], 'utf8')) as Array<{
      invoiceId: string;
      locationId: string;
      token: string;
    }>)
  : [];
const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 10 }) : undefined;

/** Runs a store statement as the store does: named, so prepared once per connection (src/store/db.ts). */
function run(statement: { sql: string }, values: unknown[]) {
  return pool!.query({ name: statementName(statement.sql), text: statement.sql, values });
}

async function readInvoice(): Promise<void> {
  const t = targets[Math.floor(Math.random() * targets.length)]!;
  await run(liveToken, liveToken.parameters({ hash: hashToken(t.token) }));
  await run(viewById, viewById.parameters({ id: t.invoiceId, locationId: t.locationId }));
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
