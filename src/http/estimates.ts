/** Estimates: CRUD, numbers, list, conversion into an invoice and the last-visited stat (issue #12 item 3). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type as T } from '@sinclair/typebox';
import { convertEstimate } from '../invoicing/estimate-invoice.ts';
import {
  createEstimate,
  deleteEstimate,
  listEstimates,
  markEstimateVisited,
  nextEstimateNumber,
  updateEstimate,
} from '../invoicing/estimates.ts';
import { sendEstimate } from '../invoicing/send-estimate.ts';
import { authorizeLocation, requireAuth } from './auth.ts';
import {
  AltBody,
  CreateEstimateBody,
  EstimateParams,
  EstimateResponse,
  FromEstimateBody,
  GenerateEstimateNumberResponse,
  ListEstimatesQuery,
  ListEstimatesResponse,
  SendEstimateBody,
  UpdateEstimateBody,
  VisitBody,
} from './schemas/estimates.ts';
import { AltQuery, InvoiceResponse } from './schemas/invoice.ts';
import './services.ts';

const TAGS = ['Estimates'];
export const ESTIMATE_READ = { scope: 'invoices/estimate.readonly' } as const;
export const ESTIMATE_WRITE = { scope: 'invoices/estimate.write' } as const;

const estimates: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.post(
    '/invoices/estimate',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an estimate',
        body: CreateEstimateBody,
        response: { 201: EstimateResponse },
      },
      config: ESTIMATE_WRITE,
    },
    async (request, reply) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const estimate = await createEstimate(services, auth, request.body);
      return reply.status(201).send({ ...estimate, traceId: request.id });
    },
  );

  app.put(
    '/invoices/estimate/:estimateId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update an estimate',
        params: EstimateParams,
        body: UpdateEstimateBody,
        response: { 200: EstimateResponse },
      },
      config: ESTIMATE_WRITE,
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const estimate = await updateEstimate(services, auth, request.params.estimateId, request.body);
      return { ...estimate, traceId: request.id };
    },
  );

  app.delete(
    '/invoices/estimate/:estimateId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete an estimate',
        params: EstimateParams,
        body: AltBody,
        response: { 200: EstimateResponse },
      },
      config: ESTIMATE_WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.body.altId);
      const estimate = await deleteEstimate(services, request.body.altId, request.params.estimateId);
      return { ...estimate, traceId: request.id };
    },
  );

  app.get(
    '/invoices/estimate/number/generate',
    {
      schema: {
        tags: TAGS,
        summary: 'The number the next estimate gets',
        querystring: AltQuery,
        response: { 200: GenerateEstimateNumberResponse },
      },
      config: ESTIMATE_READ,
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return { estimateNumber: await nextEstimateNumber(services, request.query.altId), traceId: request.id };
    },
  );

  app.post(
    '/invoices/estimate/:estimateId/invoice',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an invoice from a sent or accepted estimate',
        params: EstimateParams,
        body: FromEstimateBody,
        response: { 200: T.Object({ estimate: EstimateResponse, invoice: InvoiceResponse }) },
      },
      config: ESTIMATE_WRITE,
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const done = await convertEstimate(services, auth, request.params.estimateId, request.body);
      return { estimate: { ...done.estimate, traceId: request.id }, invoice: done.invoice };
    },
  );

  app.post(
    '/invoices/estimate/:estimateId/send',
    {
      schema: {
        tags: TAGS,
        summary: 'Send an estimate by email, SMS, both, or mark it sent',
        params: EstimateParams,
        body: SendEstimateBody,
        response: { 201: EstimateResponse },
      },
      config: ESTIMATE_WRITE,
    },
    async (request, reply) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const estimate = await sendEstimate(services, auth, request.params.estimateId, request.body);
      return reply.status(201).send({ ...estimate, traceId: request.id });
    },
  );

  app.get(
    '/invoices/estimate/list',
    {
      schema: {
        tags: TAGS,
        summary: 'List estimates',
        querystring: ListEstimatesQuery,
        response: { 200: ListEstimatesResponse },
      },
      config: ESTIMATE_READ,
    },
    async (request) => {
      const q = request.query;
      await authorizeLocation(services, request, q.altId);
      const page = await listEstimates(services, q.altId, {
        status: q.status === 'all' ? undefined : q.status,
        contactId: q.contactId,
        search: q.search?.trim() || undefined,
        startAt: q.startAt,
        endAt: q.endAt,
        limit: q.limit,
        offset: q.offset,
      });
      return { ...page, traceId: request.id };
    },
  );

  app.patch(
    '/invoices/estimate/stats/last-visited-at',
    {
      schema: {
        tags: TAGS,
        summary: 'Note that the user opened an estimate now',
        body: VisitBody,
        response: { 200: T.Object({ success: T.Boolean() }) },
      },
      // The official operation lists no scope; a visit is a read.
      config: ESTIMATE_READ,
    },
    async (request) => {
      await markEstimateVisited(services, requireAuth(request), request.body.estimateId);
      return { success: true };
    },
  );
};

export default estimates;
