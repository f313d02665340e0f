/** POST /invoices/text2pay: create (or update by `id`) and text the pay link, in one call (issue #12 item 7). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type as T } from '@sinclair/typebox';
import { text2pay } from '../invoicing/text2pay.ts';
import { authorizeLocation } from './auth.ts';
import { Id, Strict } from './schemas/common.ts';
import { BusinessDetails, CreateInvoiceBody, Discount, InvoiceResponse } from './schemas/invoice.ts';
import { fillFromTemplate } from './template-fill.ts';
import './services.ts';

/** Text2PayDto: the create body, business details and discount optional, plus what to do with it. */
const Text2PayBody = T.Object(
  {
    ...CreateInvoiceBody.properties,
    businessDetails: T.Optional(BusinessDetails),
    discount: T.Optional(Discount),
    id: T.Optional(Id),
    action: T.Union([T.Literal('draft'), T.Literal('send')]),
    userId: Id,
    // Accepted as the official DTO has it; receipts carry no terms here (docs/decisions.md).
    includeTermsNote: T.Optional(T.Boolean()),
  },
  Strict,
);

const Text2PayResponse = T.Object({ invoice: InvoiceResponse, invoiceUrl: T.String() });

const text2payRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  app.post(
    '/invoices/text2pay',
    {
      schema: {
        tags: ['Invoices'],
        summary: 'Create or update an invoice and text its pay link',
        body: Text2PayBody,
        response: { 200: Text2PayResponse },
      },
      config: { scope: 'invoices.write' },
      preValidation: fillFromTemplate(services),
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const { includeTermsNote: _ignored, ...input } = request.body;
      return text2pay(services, auth, input);
    },
  );
};

export default text2payRoutes;
