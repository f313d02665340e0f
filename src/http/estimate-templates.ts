/** Estimate templates: CRUD and preview (issue #12 item 3). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createEstimateTemplate,
  deleteEstimateTemplate,
  listEstimateTemplates,
  previewEstimateTemplate,
  updateEstimateTemplate,
} from '../invoicing/estimate-templates.ts';
import { authorizeLocation } from './auth.ts';
import { ESTIMATE_READ, ESTIMATE_WRITE } from './estimates.ts';
import {
  AltBody,
  EstimateTemplateBody,
  EstimateTemplateParams,
  EstimateTemplateResponse,
  ListEstimateTemplatesQuery,
  ListEstimateTemplatesResponse,
  PreviewQuery,
} from './schemas/estimates.ts';
import './services.ts';

const TAGS = ['Estimate templates'];

const estimateTemplates: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.get(
    '/invoices/estimate/template',
    {
      schema: {
        tags: TAGS,
        summary: 'List estimate templates',
        querystring: ListEstimateTemplatesQuery,
        response: { 200: ListEstimateTemplatesResponse },
      },
      config: ESTIMATE_READ,
    },
    async (request) => {
      const q = request.query;
      await authorizeLocation(services, request, q.altId);
      const page = await listEstimateTemplates(services, q.altId, {
        search: q.search?.trim() || undefined,
        limit: q.limit,
        offset: q.offset,
      });
      return { ...page, traceId: request.id };
    },
  );

  app.post(
    '/invoices/estimate/template',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an estimate template',
        body: EstimateTemplateBody,
        response: { 201: EstimateTemplateResponse },
      },
      config: ESTIMATE_WRITE,
    },
    async (request, reply) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const template = await createEstimateTemplate(services, auth, request.body);
      return reply.status(201).send({ ...template, traceId: request.id });
    },
  );

  app.put(
    '/invoices/estimate/template/:templateId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update an estimate template',
        params: EstimateTemplateParams,
        body: EstimateTemplateBody,
        response: { 200: EstimateTemplateResponse },
      },
      config: ESTIMATE_WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.body.altId);
      const template = await updateEstimateTemplate(services, request.params.templateId, request.body);
      return { ...template, traceId: request.id };
    },
  );

  app.delete(
    '/invoices/estimate/template/:templateId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete an estimate template',
        params: EstimateTemplateParams,
        body: AltBody,
        response: { 200: EstimateTemplateResponse },
      },
      config: ESTIMATE_WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.body.altId);
      const template = await deleteEstimateTemplate(services, request.body.altId, request.params.templateId);
      return { ...template, traceId: request.id };
    },
  );

  app.get(
    '/invoices/estimate/template/preview',
    {
      schema: {
        tags: TAGS,
        summary: 'An estimate template as a new estimate takes it',
        querystring: PreviewQuery,
        response: { 200: EstimateTemplateResponse },
      },
      config: ESTIMATE_READ,
    },
    async (request) => {
      const q = request.query;
      await authorizeLocation(services, request, q.altId);
      return { ...(await previewEstimateTemplate(services, q.altId, q.templateId)), traceId: request.id };
    },
  );
};

export default estimateTemplates;
