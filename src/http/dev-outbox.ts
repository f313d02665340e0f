/**
 * The dev outbox: the test-mode messages that were delivered to the outbox transport, for people
 * developing against the service (a live message that went there for want of SMTP / Twilio is never
 * shown). No API token: build() registers it only on loopback or with DEV_OUTBOX=true.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type as T } from '@sinclair/typebox';
import { Errors } from '../errors.ts';
import { listOutboxMessages, type OutboxListed, outboxMessage } from '../invoicing/dev-outbox.ts';
import { renderOutboxList } from '../render/outbox-list.tsx';
import { renderOutboxEmail } from '../render/outbox-message.tsx';
import './services.ts';

const MESSAGE_HEADERS = {
  // The HTML is the email as rendered; it must not run scripts or load anything but images.
  'content-security-policy': "default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The envelope page: the email itself is in a sandboxed srcdoc frame, which inherits this policy. */
const EMAIL_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const LIST_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

const ListQuery = T.Object({
  limit: T.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: T.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  invoiceId: T.Optional(T.String({ minLength: 1, maxLength: 100 })),
  locationId: T.Optional(T.String({ minLength: 1, maxLength: 100 })),
});

const IdParams = T.Object({ id: T.String({ minLength: 1, maxLength: 100 }) });

const OutboxMessage = T.Object({
  id: T.String(),
  /** The message's subject: an invoice's, or an estimate's. */
  invoiceId: T.Optional(T.String()),
  estimateId: T.Optional(T.String()),
  locationId: T.String(),
  channel: T.Union([T.Literal('email'), T.Literal('sms')]),
  transport: T.String(),
  recipient: T.String(),
  messageId: T.String(),
  status: T.Union([T.Literal('queued'), T.Literal('sending'), T.Literal('sent'), T.Literal('failed')]),
  attempts: T.Integer(),
  lastError: T.Union([T.String(), T.Null()]),
  subject: T.Optional(T.String()),
  body: T.Optional(T.String()),
  hasPdf: T.Boolean(),
  createdAt: T.String({ format: 'date-time' }),
  sentAt: T.Union([T.String({ format: 'date-time' }), T.Null()]),
});

const OutboxList = T.Object({ messages: T.Array(OutboxMessage), limit: T.Integer(), offset: T.Integer() });

function toMessage(row: OutboxListed) {
  return {
    id: row.id,
    ...(row.invoice_id === null ? {} : { invoiceId: row.invoice_id }),
    ...(row.estimate_id === null ? {} : { estimateId: row.estimate_id }),
    locationId: row.location_id,
    channel: row.channel,
    transport: row.transport,
    recipient: row.recipient,
    messageId: row.message_id,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    ...(row.content?.subject !== undefined ? { subject: row.content.subject } : {}),
    ...(row.content?.body !== undefined ? { body: row.content.body } : {}),
    hasPdf: row.has_pdf,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  };
}

const devOutbox: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.get(
    '/dev/outbox.json',
    { schema: { hide: true, querystring: ListQuery, response: { 200: OutboxList } } },
    async (request) => {
      const rows = await listOutboxMessages(services, request.query);
      return { messages: rows.map(toMessage), limit: request.query.limit, offset: request.query.offset };
    },
  );

  app.get('/dev/outbox', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const rows = await listOutboxMessages(services, request.query);
    return reply.headers(LIST_HEADERS).send(renderOutboxList(rows.map(toMessage)));
  });

  app.get('/dev/outbox/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const row = await outboxMessage(services, request.params.id);
    if (row.channel === 'sms') {
      return reply
        .headers(MESSAGE_HEADERS)
        .type('text/plain; charset=utf-8')
        .send(row.content.body ?? '');
    }
    const page = renderOutboxEmail({
      id: request.params.id,
      content: row.content,
      pdfBytes: row.pdf === null ? null : row.pdf.length,
    });
    return reply.headers(EMAIL_PAGE_HEADERS).send(page);
  });

  // The email's HTML alone, as it was sent.
  app.get('/dev/outbox/:id/html', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const row = await outboxMessage(services, request.params.id);
    if (row.channel === 'sms') throw Errors.notFound(`Outbox message ${request.params.id} is an SMS`);
    return reply
      .headers(MESSAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send(row.content.html ?? '');
  });

  app.get('/dev/outbox/:id/pdf', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const row = await outboxMessage(services, request.params.id);
    if (row.pdf === null) throw Errors.notFound(`Outbox message ${request.params.id} has no PDF attachment`);
    return reply
      .headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' })
      .header('content-disposition', `inline; filename="${request.params.id.replace(/[^\w.-]/g, '_')}.pdf"`)
      .type('application/pdf')
      .send(row.pdf);
  });
};

export default devOutbox;
