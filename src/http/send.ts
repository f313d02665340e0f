/** POST /invoices/{invoiceId}/send (docs/send-invoice.md): checks rows 1-6 here, the rest in sendInvoice. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Errors } from '../errors.ts';
import { sendInvoice } from '../invoicing/send-invoice.ts';
import { authorizeLocation } from './auth.ts';
import { InvoiceParams } from './schemas/invoice.ts';
import { SendInvoiceBody, SendInvoiceResponse } from './schemas/send.ts';
import { sendSerialized } from './serialized.ts';
import './services.ts';

function idempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (
    typeof header !== 'string' ||
    header.length === 0 ||
    header.length > 255 ||
    !/^[\x21-\x7e]+$/.test(header)
  ) {
    throw Errors.unprocessable('Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return header;
}

const sendRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.post(
    '/invoices/:invoiceId/send',
    {
      schema: {
        tags: ['Invoices'],
        summary: 'Send an invoice by email, SMS, both, or mark it sent',
        params: InvoiceParams,
        body: SendInvoiceBody,
        response: { 200: SendInvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request, reply) => {
      const key = idempotencyKey(request.headers['idempotency-key']);
      const auth = await authorizeLocation(services, request, request.body.altId);
      const outcome = await sendInvoice(services, auth, request.params.invoiceId, request.body, key);
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return sendSerialized(reply, outcome.json);
    },
  );
};

export default sendRoutes;
