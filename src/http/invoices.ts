/** The invoice resource: create, get, list, update, delete, void, generate-invoice-number. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createInvoice } from '../invoicing/create-invoice.ts';
import { deleteInvoice } from '../invoicing/delete-invoice.ts';
import { toInvoiceView } from '../invoicing/invoice-view.ts';
import { configureInvoiceLateFees } from '../invoicing/late-fees.ts';
import { getInvoiceJson, listInvoicesJson, nextInvoiceNumber } from '../invoicing/read-invoices.ts';
import { updateInvoice } from '../invoicing/update-invoice.ts';
import { voidInvoice } from '../invoicing/void-invoice.ts';
import { authorizeLocation } from './auth.ts';
import {
  AltQuery,
  CreateInvoiceBody,
  GenerateNumberResponse,
  InvoiceParams,
  InvoiceResponse,
  ListInvoicesQuery,
  ListInvoicesResponse,
  UpdateInvoiceBody,
  VoidInvoiceBody,
} from './schemas/invoice.ts';
import { LateFeesBody } from './schemas/templates.ts';
import { sendSerialized } from './serialized.ts';
import { fillFromTemplate } from './template-fill.ts';
import './services.ts';

const TAGS = ['Invoices'];

function sortOf(q: ListInvoicesQuery): 'asc' | 'desc' | undefined {
  if (q.sortField !== 'issueDate' && !q.sortOrder) return undefined;
  return q.sortOrder === 'ascend' ? 'asc' : 'desc';
}

const invoices: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.post(
    '/invoices/',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an invoice',
        body: CreateInvoiceBody,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.write' },
      preValidation: fillFromTemplate(services),
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      return toInvoiceView(await createInvoice(services, auth, request.body));
    },
  );

  app.get(
    '/invoices/',
    {
      schema: {
        tags: TAGS,
        summary: 'List invoices',
        querystring: ListInvoicesQuery,
        response: { 200: ListInvoicesResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request, reply) => {
      const q = request.query;
      await authorizeLocation(services, request, q.altId);
      const json = await listInvoicesJson(services, q.altId, {
        status: q.status,
        startAt: q.startAt,
        endAt: q.endAt,
        search: q.search?.trim() || undefined,
        liveMode: q.paymentMode === 'live' ? true : q.paymentMode === 'test' ? false : undefined,
        contactId: q.contactId,
        sortByIssueDate: sortOf(q),
        limit: q.limit,
        offset: q.offset,
      });
      return sendSerialized(reply, json);
    },
  );

  app.get(
    '/invoices/generate-invoice-number',
    {
      schema: {
        tags: TAGS,
        summary: 'The next invoice number of a location',
        querystring: AltQuery,
        response: { 200: GenerateNumberResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return { invoiceNumber: await nextInvoiceNumber(services, request.query.altId) };
    },
  );

  app.get(
    '/invoices/:invoiceId',
    {
      schema: {
        tags: TAGS,
        summary: 'Get an invoice',
        params: InvoiceParams,
        querystring: AltQuery,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request, reply) => {
      await authorizeLocation(services, request, request.query.altId);
      const json = await getInvoiceJson(services, request.query.altId, request.params.invoiceId);
      return sendSerialized(reply, json);
    },
  );

  app.put(
    '/invoices/:invoiceId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update an invoice',
        params: InvoiceParams,
        body: UpdateInvoiceBody,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      return toInvoiceView(await updateInvoice(services, auth, request.params.invoiceId, request.body));
    },
  );

  app.delete(
    '/invoices/:invoiceId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a draft invoice',
        params: InvoiceParams,
        querystring: AltQuery,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return toInvoiceView(await deleteInvoice(services, request.query.altId, request.params.invoiceId));
    },
  );

  app.patch(
    '/invoices/:invoiceId/late-fees-configuration',
    {
      schema: {
        tags: TAGS,
        summary: "Set an invoice's late fees",
        params: InvoiceParams,
        body: LateFeesBody,
        response: { 200: InvoiceResponse },
      },
      // The official operation lists no scope; it changes the invoice.
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const { altId, lateFeesConfiguration } = request.body;
      const auth = await authorizeLocation(services, request, altId);
      const stored = await configureInvoiceLateFees(
        services,
        auth,
        altId,
        request.params.invoiceId,
        lateFeesConfiguration,
      );
      return toInvoiceView(stored);
    },
  );

  app.post(
    '/invoices/:invoiceId/void',
    {
      schema: {
        tags: TAGS,
        summary: 'Void an unpaid invoice',
        params: InvoiceParams,
        body: VoidInvoiceBody,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      return toInvoiceView(await voidInvoice(services, auth, request.body.altId, request.params.invoiceId));
    },
  );
};

export default invoices;
