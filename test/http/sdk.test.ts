/** The official SDK (@gohighlevel/api-client), unchanged, creates, reads, sends and voids invoices over a real port. */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { HighLevel } from '@gohighlevel/api-client';
import { setupApp, type TestContext } from '../fixtures/app.ts';
import { invoiceBody } from '../fixtures/invoices.ts';

let ctx: TestContext;
let baseURL: string;
before(async () => {
  ctx = await setupApp();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  baseURL = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});
after(async () => {
  await ctx.close();
});

/** Version header of every request the SDK made that our server answered with 2xx. */
const acceptedVersions: unknown[] = [];

function client(token: string): HighLevel {
  // Default apiVersion (2023-02-21); privateIntegrationToken is sent as the bearer as is.
  // logLevel 'none': the SDK would otherwise print the expected 422 with its request config.
  const sdk = new HighLevel({ privateIntegrationToken: token, logLevel: 'none' });
  sdk.getHttpClient().defaults.baseURL = baseURL;
  // Observes only: records the header the SDK sent with each answered request.
  sdk.getHttpClient().interceptors.response.use((response) => {
    acceptedVersions.push(response.config.headers.Version);
    return response;
  });
  return sdk;
}

// The SDK's DTO types follow the official schema, which our fixture bodies match at runtime.
type CreateBody = Parameters<HighLevel['invoices']['createInvoice']>[0];

test('create, get, list, send by email, send manually, generate a number, update, void and delete', async () => {
  const { locationId: altId, userId } = ctx.tenant;
  const sdk = client(ctx.tenant.locationToken);

  const created = await sdk.invoices.createInvoice(invoiceBody(altId) as unknown as CreateBody);
  assert.equal(created.status, 'draft');
  assert.equal(created.total, 2019);
  assert.equal(typeof created.invoiceNumber, 'number');

  const got = await sdk.invoices.getInvoice({ invoiceId: created._id, altId, altType: 'location' });
  assert.equal(got._id, created._id);
  assert.deepEqual(got.totalSummary, { subTotal: 2019, discount: 0, tax: 0 });

  const list = await sdk.invoices.listInvoices({ altId, altType: 'location', limit: '10', offset: '0' });
  assert.ok(list.invoices.some((i) => i._id === created._id));
  assert.equal(list.total, list.invoices.length);

  const sent = await sdk.invoices.sendInvoice(
    { invoiceId: created._id },
    { altId, altType: 'location', userId, action: 'email', liveMode: false },
  );
  assert.equal(sent.invoice.status, 'sent');
  const emailData = sent.emailData as { status: string; deliveryId: string; messageId: string };
  assert.equal(emailData.status, 'queued');
  assert.deepEqual(sent.smsData, { status: 'not_requested' });
  const delivery = await ctx.store.db
    .selectFrom('deliveries')
    .select(['invoice_id', 'channel', 'recipient', 'transport', 'message_id'])
    .where('id', '=', emailData.deliveryId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(delivery, {
    invoice_id: created._id,
    channel: 'email',
    recipient: 'alex@example.com',
    transport: 'outbox',
    message_id: emailData.messageId,
  });

  const other = await sdk.invoices.createInvoice(
    invoiceBody(altId, { name: 'Manual' }) as unknown as CreateBody,
  );
  const manual = await sdk.invoices.sendInvoice(
    { invoiceId: other._id },
    { altId, altType: 'location', userId, action: 'send_manually', liveMode: true },
  );
  assert.equal(manual.invoice.status, 'sent');
  assert.equal(manual.invoice.liveMode, true);
  assert.deepEqual(manual.smsData, { status: 'not_requested' });

  const next = await sdk.invoices.generateInvoiceNumber({ altId, altType: 'location' });
  assert.equal(next.invoiceNumber, Number(other.invoiceNumber) + 1);

  const updated = await sdk.invoices.updateInvoice({ invoiceId: created._id }, {
    altId,
    altType: 'location',
    name: 'Renamed by the SDK',
    currency: 'USD',
    invoiceItems: [{ name: 'Design', currency: 'USD', amount: 100, qty: 2 }],
    issueDate: '2026-11-01',
    dueDate: '2026-11-20',
  } as unknown as Parameters<HighLevel['invoices']['updateInvoice']>[1]);
  assert.equal(updated.name, 'Renamed by the SDK');
  assert.equal(updated.total, 200);

  const voided = await sdk.invoices.voidInvoice({ invoiceId: created._id }, { altId, altType: 'location' });
  assert.equal(voided.status, 'void');

  const draft = await sdk.invoices.createInvoice(invoiceBody(altId) as unknown as CreateBody);
  const renamedDraft = await sdk.invoices.updateInvoice({ invoiceId: draft._id }, {
    altId,
    altType: 'location',
    name: 'Draft renamed',
    currency: 'USD',
    invoiceItems: [{ name: 'Audit', currency: 'USD', amount: 50, qty: 3 }],
    issueDate: '2026-11-01',
    dueDate: '2026-11-30',
  } as unknown as Parameters<HighLevel['invoices']['updateInvoice']>[1]);
  assert.equal(renamedDraft.status, 'draft');
  assert.equal(renamedDraft.total, 150);
  const deleted = await sdk.invoices.deleteInvoice({ invoiceId: draft._id, altId, altType: 'location' });
  assert.equal(deleted._id, draft._id);
  const gone = await ctx.store.db
    .selectFrom('invoices')
    .select('id')
    .where('id', '=', draft._id)
    .executeTakeFirst();
  assert.equal(gone, undefined);

  // Every one of those calls carried the SDK's default Version header and was answered.
  assert.ok(acceptedVersions.length >= 12);
  assert.deepEqual(new Set(acceptedVersions), new Set(['2023-02-21']));
});

test('an agency token acts for its location through the SDK', async () => {
  const sdk = client(ctx.tenant.agencyToken);
  const altId = ctx.tenant.locationId;
  const created = await sdk.invoices.createInvoice(
    invoiceBody(altId, { name: 'Agency made' }) as unknown as CreateBody,
  );
  const list = await sdk.invoices.listInvoices({
    altId,
    altType: 'location',
    limit: '100',
    offset: '0',
    search: 'Agency made',
  });
  assert.deepEqual(
    list.invoices.map((i) => i._id),
    [created._id],
  );
});

test('our 422 reaches the SDK caller with the HighLevel body', async () => {
  const sdk = client(ctx.tenant.locationToken);
  await assert.rejects(
    sdk.invoices.sendInvoice({ invoiceId: '0'.repeat(24) }, {
      altId: ctx.tenant.locationId,
      altType: 'location',
      userId: ctx.tenant.userId,
      action: 'fax',
      liveMode: false,
    } as never),
    (err: { statusCode?: number; response?: unknown }) => {
      assert.equal(err.statusCode, 422);
      assert.deepEqual(err.response, {
        statusCode: 422,
        message: ['action must be one of the following values: sms_and_email, send_manually, email, sms'],
        error: 'Unprocessable Entity',
      });
      return true;
    },
  );
});
