/**
 * Send Invoice end to end: POST /invoices/{id}/send, the pg-boss queue and the real delivery workers
 * (startDeliveryWorkers, as `hl-invoices serve` runs them) delivering to a real SMTP server and to a local
 * server speaking Twilio's API, or to the dev outbox in test mode; and a transport that keeps refusing.
 */
import assert from 'node:assert/strict';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { Config } from '../../src/config.ts';
import { startDeliveryWorkers } from '../../src/jobs/runtime.ts';
import type { DeliveryStatus } from '../../src/store/schema.ts';
import { authHeaders, setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { readPdf } from '../fixtures/pdf-text.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  FROM,
  type SeenRequest,
  startFakeTwilio,
  startSmtpServer,
} from '../fixtures/servers.ts';

/** invoiceBody's items: 999.50 x 2 + 20.00. */
const TOTAL_MINOR = 201_900;
const TOTAL_SHOWN = '$2,019.00';

type Workers = ReturnType<typeof startDeliveryWorkers>;

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

function sendBody(ctx: TestContext, overrides: Record<string, unknown>) {
  return {
    altId: ctx.tenant.locationId,
    altType: 'location',
    userId: ctx.tenant.userId,
    ...overrides,
  };
}

async function send(ctx: TestContext, invoiceId: string, body: Record<string, unknown>) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${invoiceId}/send`,
    headers: authHeaders(ctx.tenant.locationToken),
    payload: sendBody(ctx, body),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** Waits (bounded) until the delivery reaches one of `final` and returns its row. */
async function settled(ctx: TestContext, deliveryId: string, final: DeliveryStatus[] = ['sent', 'failed']) {
  return waitFor(
    `delivery ${deliveryId} to be ${final.join(' or ')}`,
    async () => {
      const row = await ctx.store.db
        .selectFrom('deliveries')
        .selectAll()
        .where('id', '=', deliveryId)
        .executeTakeFirstOrThrow();
      return final.includes(row.status) ? row : undefined;
    },
    30_000,
    100,
  );
}

async function invoiceRow(ctx: TestContext, invoiceId: string) {
  return ctx.store.db
    .selectFrom('invoices')
    .select(['public_token', 'invoice_number', 'invoice_number_prefix', 'total'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
}

async function events(ctx: TestContext, invoiceId: string) {
  return ctx.store.db
    .selectFrom('invoice_events')
    .select(['type', 'data'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();
}

interface ChannelHistory {
  status: string;
  deliveryId?: string;
  messageId?: string;
  transport?: string;
}

/**
 * Each delivery's story in the invoice history, in order: 'queued' from the send's own record, then what
 * the worker recorded ('sent' or 'failed'), with its attempts and reason.
 */
async function deliveryHistory(ctx: TestContext, invoiceId: string) {
  const steps: Array<{ deliveryId: string; state: string; attempts?: number; error?: string }> = [];
  for (const e of await events(ctx, invoiceId)) {
    if (e.type === 'sent') {
      const data = e.data as { email: ChannelHistory; sms: ChannelHistory };
      for (const channel of [data.email, data.sms]) {
        if (channel.deliveryId) steps.push({ deliveryId: channel.deliveryId, state: channel.status });
      }
    } else if (e.type === 'delivery_sent' || e.type === 'delivery_failed') {
      const data = e.data as { deliveryId: string; attempts: number; error?: string };
      steps.push({
        deliveryId: data.deliveryId,
        state: e.type === 'delivery_sent' ? 'sent' : 'failed',
        attempts: data.attempts,
        ...(data.error === undefined ? {} : { error: data.error }),
      });
    }
  }
  return (deliveryId: string) =>
    steps.filter((s) => s.deliveryId === deliveryId).map(({ deliveryId: _, ...s }) => s);
}

describe('live and test mode through SMTP, Twilio and the dev outbox', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let twilio: http.Server;
  const seen: SeenRequest[] = [];
  let workers: Workers;
  let config: Config;

  before(async () => {
    smtp = await startSmtpServer();
    twilio = await startFakeTwilio(seen);
    const overrides: Partial<Config> = {
      delivery: {
        ...testConfig().delivery,
        smtpUrl: smtp.url,
        twilio: {
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          from: FROM,
          apiUrl: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
        },
        senderDomains: ['acme.test'],
        mailFrom: { name: 'Invoices', address: 'invoices@acme.test' },
        devOutbox: true,
        workerConcurrency: 2,
      },
    };
    ctx = await setupApp(overrides);
    config = testConfig(overrides);
    workers = startDeliveryWorkers({ boss: ctx.app.boss, store: ctx.store, config });
  });

  after(async () => {
    await workers?.stop(10_000);
    await ctx?.close();
    await smtp?.close();
    if (twilio) await new Promise<void>((resolve) => twilio.close(() => resolve()));
  });

  async function receivedMail(messageId: string): Promise<ParsedMail> {
    const parsed = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
    const matching = parsed.filter((m) => m.messageId === messageId);
    assert.equal(matching.length, 1, `one message with Message-ID ${messageId}`);
    return matching[0]!;
  }

  test('liveMode true, sms_and_email: a real email with the PDF and a real SMS', async () => {
    const invoice = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    const res = await send(ctx, invoice._id, {
      action: 'sms_and_email',
      liveMode: true,
      sentFrom: { fromName: 'Acme Billing', fromEmail: 'owner@gmail.example' },
    });
    assert.equal(res.emailData.status, 'queued');
    assert.equal(res.emailData.transport, 'smtp');
    assert.equal(res.smsData.status, 'queued');
    assert.equal(res.smsData.transport, 'twilio');

    const email = await settled(ctx, res.emailData.deliveryId);
    const sms = await settled(ctx, res.smsData.deliveryId);
    assert.equal(email.status, 'sent', email.last_error ?? '');
    assert.equal(sms.status, 'sent', sms.last_error ?? '');
    assert.equal(email.attempts, 1);
    assert.equal(sms.attempts, 1);

    const row = await invoiceRow(ctx, invoice._id);
    assert.equal(row.total, TOTAL_MINOR);
    assert.ok(row.invoice_number !== null, 'the send gave the invoice a number');
    const number = `${row.invoice_number_prefix}${row.invoice_number}`;
    assert.match(number, /^INV-\d+$/);
    const link = `/i/${row.public_token}`;

    const mail = await receivedMail(res.emailData.messageId);
    // The subject names the business (docs/send-invoice.md §3) and the invoice number; From shows sentFrom.fromName.
    assert.equal(mail.subject, `Invoice ${number} from Acme Studio`);
    assert.deepEqual(addresses(mail.to), ['alex@example.com']);
    assert.deepEqual(mail.from?.value, [{ name: 'Acme Billing', address: 'invoices@acme.test' }]);
    assert.deepEqual(addresses(mail.replyTo), ['owner@gmail.example']);
    assert.equal(mail.messageId, res.emailData.messageId);
    assert.equal(typeof mail.html, 'string');
    const html = mail.html as string;
    const text = mail.text ?? '';
    assert.ok(html.includes('Acme Studio'), 'the HTML names the business');
    for (const [part, body] of [
      ['html', html],
      ['text', text],
    ] as const) {
      assert.ok(body.includes(link), `${part} has the customer link ${link}`);
      assert.ok(!body.includes(invoice._id), `${part} never shows the invoice id`);
      assert.ok(body.includes(TOTAL_SHOWN), `${part} has the amount due`);
    }
    assert.equal(mail.attachments.length, 1);
    const [attachment] = mail.attachments;
    assert.equal(attachment!.contentType, 'application/pdf');
    const pdf = await readPdf(attachment!.content);
    assert.ok(pdf.text.includes(number), pdf.text);
    assert.ok(pdf.text.includes(TOTAL_SHOWN), pdf.text);

    const sentSms = seen.filter((r) => r.form.get('To') === '+14155550123');
    assert.equal(sentSms.length, 1);
    const [request] = sentSms;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    assert.equal(
      request!.authorization,
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    assert.equal(request!.form.get('From'), FROM);
    const smsBody = request!.form.get('Body') ?? '';
    assert.ok(smsBody.includes(TOTAL_SHOWN), smsBody);
    assert.ok(smsBody.includes(link), smsBody);
    assert.ok(!smsBody.includes(invoice._id), smsBody);
    assert.match(sms.provider_id ?? '', /^SM[0-9a-f]{32}$/);

    const history = await events(ctx, invoice._id);
    const deliveredEvents = history.filter((e) => e.type === 'delivery_sent');
    assert.deepEqual(deliveredEvents.map((e) => (e.data as { channel: string }).channel).sort(), [
      'email',
      'sms',
    ]);
    for (const e of deliveredEvents) assert.equal((e.data as { attempts: number }).attempts, 1);
    assert.equal(history.filter((e) => e.type === 'delivery_failed').length, 0);
    // Per message: queued by the send, then sent by the worker on its first attempt.
    const story = await deliveryHistory(ctx, invoice._id);
    for (const data of [res.emailData, res.smsData]) {
      assert.deepEqual(story(data.deliveryId), [{ state: 'queued' }, { state: 'sent', attempts: 1 }]);
    }
    const sentEmail = deliveredEvents.find((e) => (e.data as { channel: string }).channel === 'email');
    assert.equal((sentEmail!.data as { messageId: string }).messageId, res.emailData.messageId);
  });

  test('a fromEmail inside SENDER_DOMAINS is the From, with no Reply-To', async () => {
    const invoice = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    const res = await send(ctx, invoice._id, {
      action: 'email',
      liveMode: true,
      sentFrom: { fromName: 'Acme Billing', fromEmail: 'billing@acme.test' },
    });
    const email = await settled(ctx, res.emailData.deliveryId);
    assert.equal(email.status, 'sent', email.last_error ?? '');
    const mail = await receivedMail(res.emailData.messageId);
    assert.deepEqual(mail.from?.value, [{ name: 'Acme Billing', address: 'billing@acme.test' }]);
    assert.equal(mail.replyTo, undefined);
    assert.equal(mail.headers.get('reply-to'), undefined);
    const envelope = smtp.received.find((m) => m.raw.includes(res.emailData.messageId));
    assert.equal(envelope?.mailFrom, 'billing@acme.test');
  });

  test('liveMode false: nothing reaches SMTP or Twilio; the dev outbox has both', async () => {
    const mailsBefore = smtp.received.length;
    const smsBefore = seen.length;
    const invoice = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    const res = await send(ctx, invoice._id, { action: 'sms_and_email', liveMode: false });
    assert.equal(res.emailData.transport, 'outbox');
    assert.equal(res.smsData.transport, 'outbox');
    const email = await settled(ctx, res.emailData.deliveryId);
    const sms = await settled(ctx, res.smsData.deliveryId);
    assert.equal(email.status, 'sent', email.last_error ?? '');
    assert.equal(sms.status, 'sent', sms.last_error ?? '');
    assert.equal(smtp.received.length, mailsBefore, 'no email reached the SMTP server');
    assert.equal(seen.length, smsBefore, 'no SMS reached Twilio');

    const { public_token: token } = await invoiceRow(ctx, invoice._id);
    const list = await ctx.app.inject({ method: 'GET', url: `/dev/outbox.json?invoiceId=${invoice._id}` });
    assert.equal(list.statusCode, 200, list.body);
    const messages = list.json().messages as Array<{ id: string; channel: string; status: string }>;
    assert.deepEqual(
      messages.map((m) => [m.id, m.channel, m.status]).sort(),
      [
        [res.emailData.deliveryId, 'email', 'sent'],
        [res.smsData.deliveryId, 'sms', 'sent'],
      ].sort(),
    );

    const page = await ctx.app.inject({ method: 'GET', url: `/dev/outbox/${res.emailData.deliveryId}` });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.ok(page.body.includes(`/i/${token}`), 'the stored email has the customer link');
    assert.ok(!page.body.includes(invoice._id));
    const smsPage = await ctx.app.inject({ method: 'GET', url: `/dev/outbox/${res.smsData.deliveryId}` });
    assert.equal(smsPage.statusCode, 200);
    assert.ok(smsPage.body.includes(`/i/${token}`), smsPage.body);
  });
});

describe('an SMTP server that refuses every message', () => {
  const RETRY_LIMIT = 2;
  let ctx: TestContext;
  let refusing: Awaited<ReturnType<typeof startSmtpServer>>;
  let workers: Workers;

  before(async () => {
    refusing = await startSmtpServer({ refuse: { code: 550, message: 'mailbox unavailable' } });
    const overrides: Partial<Config> = {
      delivery: { ...testConfig().delivery, smtpUrl: refusing.url, workerConcurrency: 1 },
    };
    ctx = await setupApp(overrides, {
      queue: { retry: { retryLimit: RETRY_LIMIT, retryDelay: 0, retryBackoff: false } },
    });
    workers = startDeliveryWorkers({ boss: ctx.app.boss, store: ctx.store, config: testConfig(overrides) });
  });

  after(async () => {
    await workers?.stop(10_000);
    await ctx?.close();
    await refusing?.close();
  });

  test('the delivery ends failed with the reason, after every retry, and the history says so', async () => {
    const invoice = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    const res = await send(ctx, invoice._id, { action: 'email', liveMode: true });
    assert.equal(res.emailData.transport, 'smtp');
    const row = await settled(ctx, res.emailData.deliveryId);
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /550/);
    assert.match(row.last_error ?? '', /mailbox unavailable/);
    assert.equal(row.attempts, RETRY_LIMIT + 1);
    assert.equal(row.sent_at, null);

    const failed = (await events(ctx, invoice._id)).filter((e) => e.type === 'delivery_failed');
    assert.equal(failed.length, 1);
    const data = failed[0]!.data as { deliveryId: string; attempts: number; error: string };
    assert.equal(data.deliveryId, res.emailData.deliveryId);
    assert.equal(data.attempts, RETRY_LIMIT + 1);
    assert.match(data.error, /mailbox unavailable/);
    // Per message: queued by the send, failed once for good (no 'sent'), with the attempts and the reason.
    const story = (await deliveryHistory(ctx, invoice._id))(res.emailData.deliveryId);
    assert.deepEqual(
      story.map((s) => [s.state, s.attempts]),
      [
        ['queued', undefined],
        ['failed', RETRY_LIMIT + 1],
      ],
    );
    assert.match(story[1]!.error ?? '', /550/);
  });
});
