/** A location's invoice settings, and the last-visited stat of an invoice (issue #12 item 4). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type as T } from '@sinclair/typebox';
import { getInvoiceSettings, markInvoiceVisited } from '../invoicing/invoice-settings.ts';
import { authorizeLocation, requireAuth } from './auth.ts';
import { Id, Opaque, Strict } from './schemas/common.ts';
import { AltQuery } from './schemas/invoice.ts';
import './services.ts';

const TAGS = ['Invoices'];

const SettingsResponse = T.Object({
  altId: T.String(),
  altType: T.String(),
  title: T.String(),
  invoiceNumberPrefix: T.String(),
  dueAfterXDays: T.Number(),
  customFields: T.Array(T.String()),
  businessDetails: Opaque,
  senderConfiguration: Opaque,
  tipsConfiguration: Opaque,
  paymentMethods: Opaque,
});

const settings: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.get(
    '/invoices/settings',
    {
      schema: {
        tags: TAGS,
        summary: "A location's invoice settings",
        querystring: AltQuery,
        response: { 200: SettingsResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return getInvoiceSettings(services, request.query.altId);
    },
  );

  app.patch(
    '/invoices/stats/last-visited-at',
    {
      schema: {
        tags: TAGS,
        summary: 'Note that the user opened an invoice now',
        body: T.Object({ invoiceId: Id }, Strict),
        response: { 200: T.Object({ success: T.Boolean() }) },
      },
      // The official operation lists no scope; a visit is a read.
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      const auth = requireAuth(request);
      await markInvoiceVisited(services, auth, request.body.invoiceId);
      return { success: true };
    },
  );
};

export default settings;
