/** Recurring invoice schedules: the 9 schedule operations (issue #12 item 2; docs/decisions.md "Recurring schedules"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  activateSchedule,
  cancelSchedule,
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  setScheduleAutoPayment,
  updateAndActivate,
  updateSchedule,
} from '../invoicing/schedules.ts';
import { authorizeLocation } from './auth.ts';
import { AltQuery } from './schemas/invoice.ts';
import {
  ActivateScheduleBody,
  AutoPaymentScheduleBody,
  CancelScheduleBody,
  CreateScheduleBody,
  DeleteScheduleResponse,
  ListSchedulesQuery,
  ListSchedulesResponse,
  ScheduleParams,
  ScheduleResponse,
  UpdateScheduleBody,
} from './schemas/schedules.ts';
import './services.ts';

const TAGS = ['Schedules'];
const READ = { scope: 'invoices/schedule.readonly' } as const;
const WRITE = { scope: 'invoices/schedule.write' } as const;
const OK = { 200: ScheduleResponse };

const schedules: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.post(
    '/invoices/schedule',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a recurring schedule (a draft)',
        body: CreateScheduleBody,
        response: OK,
      },
      config: WRITE,
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      return createSchedule(services, auth, request.body);
    },
  );

  app.get(
    '/invoices/schedule',
    {
      schema: {
        tags: TAGS,
        summary: 'List schedules',
        querystring: ListSchedulesQuery,
        response: { 200: ListSchedulesResponse },
      },
      config: READ,
    },
    async (request) => {
      const q = request.query;
      await authorizeLocation(services, request, q.altId);
      return listSchedules(services, q.altId, {
        status: q.status === 'all' ? undefined : q.status,
        search: q.search?.trim() || undefined,
        startAt: q.startAt,
        endAt: q.endAt,
        liveMode: q.paymentMode === 'live' ? true : q.paymentMode === 'test' ? false : undefined,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/invoices/schedule/:scheduleId',
    {
      schema: {
        tags: TAGS,
        summary: 'Get a schedule',
        params: ScheduleParams,
        querystring: AltQuery,
        response: OK,
      },
      config: READ,
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return getSchedule(services, request.query.altId, request.params.scheduleId);
    },
  );

  app.put(
    '/invoices/schedule/:scheduleId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update a schedule',
        params: ScheduleParams,
        body: UpdateScheduleBody,
        response: OK,
      },
      config: WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.body.altId);
      return updateSchedule(services, request.params.scheduleId, request.body);
    },
  );

  app.delete(
    '/invoices/schedule/:scheduleId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a schedule (its invoices stay)',
        params: ScheduleParams,
        querystring: AltQuery,
        response: { 200: DeleteScheduleResponse },
      },
      config: WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      await deleteSchedule(services, request.query.altId, request.params.scheduleId);
      return { success: true };
    },
  );

  app.post(
    '/invoices/schedule/:scheduleId/updateAndSchedule',
    {
      schema: {
        tags: TAGS,
        summary: 'Update a schedule and make it active',
        description:
          'The official operation names no body; this one takes UpdateInvoiceScheduleDto (docs/decisions.md).',
        params: ScheduleParams,
        body: UpdateScheduleBody,
        response: OK,
      },
      config: WRITE,
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      return updateAndActivate(services, auth, request.params.scheduleId, request.body);
    },
  );

  app.post(
    '/invoices/schedule/:scheduleId/schedule',
    {
      schema: {
        tags: TAGS,
        summary: 'Make a schedule active',
        params: ScheduleParams,
        body: ActivateScheduleBody,
        response: OK,
      },
      config: WRITE,
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      return activateSchedule(services, auth, request.params.scheduleId, request.body);
    },
  );

  app.post(
    '/invoices/schedule/:scheduleId/auto-payment',
    {
      schema: {
        tags: TAGS,
        summary: "Set the auto-payment of a schedule's invoices",
        params: ScheduleParams,
        body: AutoPaymentScheduleBody,
        response: OK,
      },
      config: WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.body.altId);
      return setScheduleAutoPayment(services, request.params.scheduleId, request.body);
    },
  );

  app.post(
    '/invoices/schedule/:scheduleId/cancel',
    {
      schema: {
        tags: TAGS,
        summary: 'Cancel a schedule',
        params: ScheduleParams,
        body: CancelScheduleBody,
        response: OK,
      },
      config: WRITE,
    },
    async (request) => {
      await authorizeLocation(services, request, request.body.altId);
      return cancelSchedule(services, request.body.altId, request.params.scheduleId);
    },
  );
};

export default schedules;
