import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createSmtpTransport } from '../../src/delivery/email.ts';
import type { EmailMessage, EmailTransport } from '../../src/delivery/types.ts';
import { chooseSender } from '../../src/domain/sender.ts';
import { renderInvoiceEmail } from '../../src/render/email.tsx';
import { renderInvoicePdf } from '../../src/render/pdf/invoice-pdf.ts';
import { sampleDocument } from '../fixtures/document.ts';
import { readPdf } from '../fixtures/pdf-text.ts';
import { type ReceivedMail, startSmtpServer } from '../fixtures/servers.ts';

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

describe('createSmtpTransport against a real SMTP server', () => {
  let received: ReceivedMail[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let transport: EmailTransport;

  before(async () => {
    smtp = await startSmtpServer();
    received = smtp.received;
    transport = createSmtpTransport({ url: smtp.url });
  });

  after(async () => {
    await transport?.close?.();
    await smtp.close();
  });

  test('delivers the invoice email with our Message-ID, Reply-To, both bodies and the PDF', async () => {
    const doc = sampleDocument();
    const sender = chooseSender({
      requested: { fromName: 'Acme Billing', fromEmail: 'accounts@acme-owner.example' },
      locationDefaults: { name: 'Acme Design Ltd', email: 'hello@acme.example' },
      defaultFrom: { name: 'Invoices', address: 'invoices@mail.hl-invoices.example' },
      senderDomains: ['mail.hl-invoices.example'],
    });
    const rendered = renderInvoiceEmail(doc, { fromName: sender.from.name });
    const message: EmailMessage = {
      messageId: '<send_01J0ABC.email@hl-invoices.example>',
      from: sender.from,
      replyTo: sender.replyTo,
      to: ['jordan@client.example'],
      cc: ['finance@client.example'],
      bcc: ['archive@acme.example'],
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: [
        { filename: 'INV-1001.pdf', contentType: 'application/pdf', content: await renderInvoicePdf(doc) },
      ],
    };

    const result = await transport.send(message);
    assert.equal(result.providerId, message.messageId);
    assert.equal(received.length, 1);
    const [delivery] = received;

    assert.equal(
      delivery!.mailFrom,
      'invoices@mail.hl-invoices.example',
      'envelope sender is the default sender',
    );
    assert.deepEqual([...delivery!.rcptTo].sort(), [
      'archive@acme.example',
      'finance@client.example',
      'jordan@client.example',
    ]);

    const mail = await simpleParser(delivery!.raw);
    assert.equal(mail.messageId, message.messageId);
    assert.equal(mail.subject, 'Invoice INV-1001 from Acme Design Ltd');
    assert.deepEqual(mail.from?.value, [
      { name: 'Acme Billing', address: 'invoices@mail.hl-invoices.example' },
    ]);
    assert.deepEqual(addresses(mail.replyTo), ['accounts@acme-owner.example']);
    assert.deepEqual(addresses(mail.to), ['jordan@client.example']);
    assert.deepEqual(addresses(mail.cc), ['finance@client.example']);
    assert.equal(mail.headers.get('bcc'), undefined, 'Bcc is envelope only');
    assert.ok(
      typeof mail.html === 'string' &&
        mail.html.includes('href="https://invoices.example.com/i/tok_3fK9xQ2mVw8Lr5Zt"'),
    );
    assert.ok(mail.text?.includes('View invoice: https://invoices.example.com/i/tok_3fK9xQ2mVw8Lr5Zt'));

    assert.equal(mail.attachments.length, 1);
    const [attachment] = mail.attachments;
    assert.equal(attachment!.contentType, 'application/pdf');
    assert.equal(attachment!.filename, 'INV-1001.pdf');
    const { text } = await readPdf(attachment!.content);
    assert.ok(text.includes('INV-1001'), text);
    assert.ok(text.includes('$1,962.00'), text);
  });

  test('non-ASCII names and subjects survive the trip', async () => {
    const before = received.length;
    await transport.send({
      messageId: '<send_01J0DEF.email@hl-invoices.example>',
      from: { name: 'Zoë Ünal — Café', address: 'billing@acme.example' },
      to: ['yamada@client.example'],
      subject: 'Invoice INV-1002 from 株式会社サンプル',
      html: '<p>こんにちは</p>',
      text: 'こんにちは',
      attachments: [],
    });
    assert.equal(received.length, before + 1);
    const mail = await simpleParser(received.at(-1)!.raw);
    assert.equal(mail.subject, 'Invoice INV-1002 from 株式会社サンプル');
    assert.equal(mail.from?.value[0]?.name, 'Zoë Ünal — Café');
    assert.equal(mail.text?.trim(), 'こんにちは');
  });

  test('a refused recipient rejects the send with the server response', async () => {
    const refusing = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        callback(address.address.startsWith('nobody@') ? error : undefined);
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    const { port } = refusing.server.address() as AddressInfo;
    const refusingTransport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}` });
    try {
      await assert.rejects(
        refusingTransport.send({
          messageId: '<send_01J0GHI.email@hl-invoices.example>',
          from: { name: 'Acme', address: 'billing@acme.example' },
          to: ['nobody@client.example'],
          subject: 'Invoice',
          html: '<p>x</p>',
          text: 'x',
          attachments: [],
        }),
        (error: Error & { responseCode?: number }) => {
          assert.equal(error.responseCode, 550);
          assert.match(error.message, /Mailbox unavailable/);
          return true;
        },
      );
    } finally {
      await refusingTransport.close?.();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});

describe('chooseSender', () => {
  const defaultFrom = { name: 'Invoices', address: 'invoices@mail.hl-invoices.example' };
  const senderDomains = ['acme.example', 'Mail.HL-Invoices.example'];

  test('a requested address in a sender domain is the From, with the requested name', () => {
    assert.deepEqual(
      chooseSender({
        requested: { fromName: 'Acme Billing', fromEmail: 'Billing@ACME.example' },
        locationDefaults: { name: 'Acme Design Ltd', email: 'hello@elsewhere.example' },
        defaultFrom,
        senderDomains,
      }),
      { from: { name: 'Acme Billing', address: 'Billing@ACME.example' } },
    );
  });

  test('a requested address outside the sender domains becomes Reply-To', () => {
    assert.deepEqual(
      chooseSender({
        requested: { fromName: 'Acme Billing', fromEmail: 'owner@gmail.example' },
        locationDefaults: { name: 'Acme Design Ltd', email: 'hello@acme.example' },
        defaultFrom,
        senderDomains,
      }),
      { from: { name: 'Acme Billing', address: defaultFrom.address }, replyTo: 'owner@gmail.example' },
    );
  });

  test('a subdomain of a sender domain is not covered (exact match)', () => {
    assert.deepEqual(
      chooseSender({
        requested: { fromEmail: 'x@billing.acme.example' },
        locationDefaults: { name: 'Acme' },
        defaultFrom,
        senderDomains,
      }),
      { from: { name: 'Acme', address: defaultFrom.address }, replyTo: 'x@billing.acme.example' },
    );
  });

  test('nothing requested: the location defaults apply, under the same domain rule', () => {
    assert.deepEqual(
      chooseSender({
        locationDefaults: { name: 'Acme Design Ltd', email: 'hello@acme.example' },
        defaultFrom,
        senderDomains,
      }),
      { from: { name: 'Acme Design Ltd', address: 'hello@acme.example' } },
    );
    assert.deepEqual(
      chooseSender({
        locationDefaults: { name: 'Acme Design Ltd', email: 'hello@other.example' },
        defaultFrom,
        senderDomains,
      }),
      { from: { name: 'Acme Design Ltd', address: defaultFrom.address }, replyTo: 'hello@other.example' },
    );
  });

  test('only a name requested: the name overrides, the location address stays', () => {
    assert.deepEqual(
      chooseSender({
        requested: { fromName: '  Jo at Acme  ' },
        locationDefaults: { name: 'Acme Design Ltd', email: 'hello@acme.example' },
        defaultFrom,
        senderDomains,
      }),
      { from: { name: 'Jo at Acme', address: 'hello@acme.example' } },
    );
  });

  test('no names and no addresses anywhere: the default sender', () => {
    assert.deepEqual(chooseSender({ locationDefaults: { name: '' }, defaultFrom, senderDomains: [] }), {
      from: defaultFrom,
    });
  });

  test('a malformed requested address is ignored; the location address is used instead', () => {
    assert.deepEqual(
      chooseSender({
        requested: { fromEmail: 'not an address' },
        locationDefaults: { name: 'Acme', email: 'hello@acme.example' },
        defaultFrom,
        senderDomains,
      }),
      { from: { name: 'Acme', address: 'hello@acme.example' } },
    );
    assert.deepEqual(
      chooseSender({
        requested: { fromEmail: 'a@b.example>\r\nBcc: x@y.example' },
        locationDefaults: { name: 'Acme' },
        defaultFrom,
        senderDomains,
      }),
      { from: { name: 'Acme', address: defaultFrom.address } },
    );
  });

  test('line breaks in a display name are flattened', () => {
    assert.equal(
      chooseSender({
        requested: { fromName: 'Acme\r\nBcc: x@y.example' },
        locationDefaults: { name: 'A' },
        defaultFrom,
        senderDomains,
      }).from.name,
      'Acme Bcc: x@y.example',
    );
  });
});
