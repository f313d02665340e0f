/** GET /invoices/{invoiceId}/charges: auto-payment's charges of an invoice (our addition, docs/send-invoice.md §4). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listInvoiceCharges } from '../invoicing/list-charges.ts';
import { authorizeLocation } from './auth.ts';
import { ChargesResponse } from './schemas/charges.ts';
import { AltQuery, InvoiceParams } from './schemas/invoice.ts';
import './services.ts';

const charges: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.get(
    '/invoices/:invoiceId/charges',
    {
      schema: {
        tags: ['Invoices'],
        summary: "An invoice's auto-payment charges, scheduled and done (hl-invoices addition)",
        params: InvoiceParams,
        querystring: AltQuery,
        response: { 200: ChargesResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return { charges: await listInvoiceCharges(services, request.query.altId, request.params.invoiceId) };
    },
  );
};

export default charges;
