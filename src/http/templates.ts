/** Invoice templates: CRUD and the late-fees and payment-methods configurations (issue #12 item 1). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  configureTemplate,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  updateTemplate,
} from '../invoicing/templates.ts';
import { authorizeLocation } from './auth.ts';
import { AltQuery } from './schemas/invoice.ts';
import {
  CreateTemplateBody,
  DeleteTemplateResponse,
  LateFeesBody,
  ListTemplatesQuery,
  ListTemplatesResponse,
  TemplateParams,
  TemplatePaymentMethodsBody,
  TemplateResponse,
  UpdateTemplateBody,
} from './schemas/templates.ts';
import './services.ts';

const TAGS = ['Invoice templates'];
const READ = { scope: 'invoices/template.readonly' } as const;
const WRITE = { scope: 'invoices/template.write' } as const;

const templates: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.post(
    '/invoices/template',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an invoice template',
        body: CreateTemplateBody,
        response: { 200: TemplateResponse },
      },
      config: WRITE,
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      return createTemplate(services, auth, request.body);
    },
  );

  app.get(
    '/invoices/template',
    {
      schema: {
        tags: TAGS,
        summary: 'List invoice templates',
        querystring: ListTemplatesQuery,
        response: { 200: ListTemplatesResponse },
      },
      config: READ,
    },
    async (request) => {
      const q = request.query;
      await authorizeLocation(services, request, q.altId);
      return listTemplates(services, q.altId, {
        search: q.search?.trim() || undefined,
        startAt: q.startAt,
        endAt: q.endAt,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/invoices/template/:templateId',
    {
      schema: {
        tags: TAGS,
        summary: 'Get an invoice template',
        params: TemplateParams,
        querystring: AltQuery,
        response: { 200: TemplateResponse },
      },
      config: READ,
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return getTemplate(services, request.query.altId, request.params.templateId);
    },
  );

  app.put(
    '/invoices/template/:templateId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update an invoice template',
        params: TemplateParams,
        body: UpdateTemplateBody,
        response: { 200: TemplateResponse },
      },
      config: WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.body.altId);
      return updateTemplate(services, request.params.templateId, request.body);
    },
  );

  app.delete(
    '/invoices/template/:templateId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete an invoice template',
        params: TemplateParams,
        querystring: AltQuery,
        response: { 200: DeleteTemplateResponse },
      },
      config: WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      await deleteTemplate(services, request.query.altId, request.params.templateId);
      return { success: true };
    },
  );

  app.patch(
    '/invoices/template/:templateId/late-fees-configuration',
    {
      schema: {
        tags: TAGS,
        summary: "Set a template's late fees",
        params: TemplateParams,
        body: LateFeesBody,
        response: { 200: TemplateResponse },
      },
      config: WRITE,
    },
    async (request) => {
      const { altId, lateFeesConfiguration } = request.body;
      await authorizeLocation(services, request, altId);
      return configureTemplate(services, altId, request.params.templateId, { lateFeesConfiguration });
    },
  );

  app.patch(
    '/invoices/template/:templateId/payment-methods-configuration',
    {
      schema: {
        tags: TAGS,
        summary: "Set a template's payment methods",
        params: TemplateParams,
        body: TemplatePaymentMethodsBody,
        response: { 200: TemplateResponse },
      },
      config: WRITE,
    },
    async (request) => {
      const { altId, paymentMethods } = request.body;
      await authorizeLocation(services, request, altId);
      return configureTemplate(services, altId, request.params.templateId, { paymentMethods });
    },
  );
};

export default templates;
