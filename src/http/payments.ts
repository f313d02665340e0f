/**
 * Payments of an invoice: record-payment (the official operation), and our additions, documented in
 * docs/payments.md: refund, and the ledger.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toInvoiceView } from '../invoicing/invoice-view.ts';
import { listInvoicePayments } from '../invoicing/list-payments.ts';
import { recordPayment } from '../invoicing/record-payment.ts';
import { refundPayment } from '../invoicing/refund-payment.ts';
import { authorizeLocation } from './auth.ts';
import { AltQuery, InvoiceParams } from './schemas/invoice.ts';
import {
  InvoiceChangeResponse,
  PaymentsResponse,
  RecordPaymentBody,
  RefundBody,
} from './schemas/payments.ts';
import './services.ts';

const TAGS = ['Invoices'];

const payments: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.post(
    '/invoices/:invoiceId/record-payment',
    {
      schema: {
        tags: TAGS,
        summary: 'Record a manual payment for an invoice',
        params: InvoiceParams,
        body: RecordPaymentBody,
        response: { 200: InvoiceChangeResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const paid = await recordPayment(services, auth, request.params.invoiceId, request.body);
      return { success: true, invoice: toInvoiceView(paid) };
    },
  );

  app.post(
    '/invoices/:invoiceId/refund',
    {
      schema: {
        tags: TAGS,
        summary: 'Refund a payment of an invoice (hl-invoices addition)',
        params: InvoiceParams,
        body: RefundBody,
        response: { 200: InvoiceChangeResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const refunded = await refundPayment(services, auth, request.params.invoiceId, request.body);
      return { success: true, invoice: toInvoiceView(refunded) };
    },
  );

  app.get(
    '/invoices/:invoiceId/payments',
    {
      schema: {
        tags: TAGS,
        summary: "An invoice's payments and refunds (hl-invoices addition)",
        params: InvoiceParams,
        querystring: AltQuery,
        response: { 200: PaymentsResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return { payments: await listInvoicePayments(services, request.query.altId, request.params.invoiceId) };
    },
  );
};

export default payments;
