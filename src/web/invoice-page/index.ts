/**
 * The dashboard's invoice page (issue #13 items 4 and 5), under /app/l/:locationId:
 *   GET  /invoices/:id                                  the page
 *   GET  /invoices/:id/deliveries                       its messages (htmx polls this fragment)
 *   GET  /invoices/:id/send, POST /invoices/:id/send    the send dialog
 *   POST /invoices/:id/deliveries/:deliveryId/resend    send one message again
 *   POST /invoices/:id/payments                         record a payment
 *   POST /invoices/:id/payments/:paymentId/refund       refund (all or part of) a payment
 *   GET  /invoices/:id/void, POST /invoices/:id/void    confirm, then void
 * Every change goes through the API's use cases with the location's AuthContext.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { PaymentMode } from '../../domain/ledger.ts';
import type {} from '../../http/services.ts';
import {
  listInvoiceDeliveries,
  loadInvoicePage,
  resendDelivery,
  savedPaymentMethods,
} from '../../invoicing/dashboard-invoice.ts';
import { recordPayment } from '../../invoicing/record-payment.ts';
import { refundPayment } from '../../invoicing/refund-payment.ts';
import { sendInvoice } from '../../invoicing/send-invoice.ts';
import { voidInvoice } from '../../invoicing/void-invoice.ts';
import { type LocationScope, scopeOf } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { deliveriesHtml } from './deliveries.tsx';
import { FormError, formOf, isoDate, majorAmount, refusalOf, text } from './forms.ts';
import { invoiceBase, invoicePageHtml, NOTICES } from './page.tsx';
import { RECORD_MODES, type RecordValues } from './payments.tsx';
import { defaultSendValues, type MethodsByMode, parseSend, sendPageHtml } from './send.tsx';
import { voidPageHtml } from './void.tsx';

type IdParams = { id: string };

function invoiceIdOf(request: FastifyRequest): string {
  const { id } = request.params as IdParams;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) {
    throw new DashboardError(404, 'There is no such invoice.');
  }
  return id;
}

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').send(body);
}

function noticeOf(request: FastifyRequest): string | undefined {
  const code = (request.query as { notice?: unknown }).notice;
  return typeof code === 'string' ? NOTICES[code] : undefined;
}

/** ?refresh=n of the messages' Refresh link (a count, so that each link is a new address). */
function refreshOf(request: FastifyRequest): number {
  const value = (request.query as { refresh?: unknown }).refresh;
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 0;
  return n;
}

function done(reply: FastifyReply, scope: LocationScope, invoiceId: string, notice: string, hash = '') {
  return reply.redirect(`${invoiceBase(scope, invoiceId)}?notice=${notice}${hash}`, 303);
}

async function methodsOf(app: FastifyInstance, scope: LocationScope, id: string): Promise<MethodsByMode> {
  const [test, live] = await Promise.all([
    savedPaymentMethods(app.services, scope.location.id, id, false),
    savedPaymentMethods(app.services, scope.location.id, id, true),
  ]);
  return { test, live };
}

const screens: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const load = (scope: LocationScope, id: string) => loadInvoicePage(services, scope.location.id, id);

  /** Runs a change; a refusal shows the invoice page again with the message (never a 5xx). */
  async function change(
    request: FastifyRequest,
    reply: FastifyReply,
    run: (scope: LocationScope, id: string) => Promise<string>,
    onRefusal?: (scope: LocationScope, id: string, message: string, status: number) => Promise<string>,
  ) {
    const scope = scopeOf(request);
    const id = invoiceIdOf(request);
    try {
      const notice = await run(scope, id);
      return done(reply, scope, id, notice, notice === 'sent' ? '#deliveries' : '');
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      const page = onRefusal
        ? await onRefusal(scope, id, refusal.message, refusal.status)
        : invoicePageHtml(scope, await load(scope, id), { error: refusal.message });
      return html(reply, page, refusal.status);
    }
  }

  app.get('/invoices/:id', async (request, reply) => {
    const scope = scopeOf(request);
    const page = await load(scope, invoiceIdOf(request));
    return html(
      reply,
      invoicePageHtml(scope, page, { notice: noticeOf(request), refresh: refreshOf(request) }),
    );
  });

  app.get('/invoices/:id/deliveries', async (request, reply) => {
    const scope = scopeOf(request);
    const id = invoiceIdOf(request);
    const { status, deliveries } = await listInvoiceDeliveries(services, scope.location.id, id);
    const resendable = status !== 'void' && status !== 'paid';
    return html(reply, deliveriesHtml(scope, id, deliveries, resendable));
  });

  app.get('/invoices/:id/send', async (request, reply) => {
    const scope = scopeOf(request);
    const id = invoiceIdOf(request);
    const page = await load(scope, id);
    const methods = await methodsOf(app, scope, id);
    return html(reply, sendPageHtml(scope, page, methods, defaultSendValues(scope, page)));
  });

  app.post('/invoices/:id/send', async (request, reply) => {
    const scope = scopeOf(request);
    const id = invoiceIdOf(request);
    const page = await load(scope, id);
    const methods = await methodsOf(app, scope, id);
    const form = formOf(request.body);
    let values = defaultSendValues(scope, page);
    try {
      const parsed = parseSend(scope, form, methods);
      values = parsed.values;
      await sendInvoice(services, scope.actor, id, parsed.request);
      const notice = parsed.request.action === 'send_manually' ? 'marked' : 'sent';
      return done(reply, scope, id, notice, notice === 'sent' ? '#deliveries' : '');
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return html(reply, sendPageHtml(scope, page, methods, values, refusal.message), refusal.status);
    }
  });

  app.post('/invoices/:id/deliveries/:deliveryId/resend', async (request, reply) =>
    change(request, reply, async (scope, id) => {
      const { deliveryId } = request.params as { deliveryId: string };
      await resendDelivery(services, scope.actor, {
        locationId: scope.location.id,
        invoiceId: id,
        deliveryId,
        userId: scope.user.userId,
      });
      return 'sent';
    }),
  );

  app.post('/invoices/:id/payments', async (request, reply) => {
    const form = formOf(request.body);
    const values: RecordValues = {};
    return change(
      request,
      reply,
      async (scope, id) => {
        values.amount = text(form, 'amount', 40);
        values.mode = text(form, 'mode', 40);
        values.date = text(form, 'date', 20);
        values.note = text(form, 'note', 500);
        const mode = RECORD_MODES.find(([m]) => m === values.mode)?.[0];
        if (!mode) throw new FormError('Choose how the payment was made.');
        const { doc } = await load(scope, id);
        const amount = majorAmount(values.amount, doc.currency, 'Amount');
        if (amount === undefined) throw new FormError('Enter the amount paid.');
        const fulfilledAt = isoDate(values.date, 'Date paid');
        await recordPayment(services, scope.actor, id, {
          altId: scope.location.id,
          mode: mode as Exclude<PaymentMode, 'online'>,
          amount,
          ...(values.note ? { notes: values.note } : {}),
          ...(fulfilledAt ? { fulfilledAt } : {}),
        });
        return 'payment';
      },
      async (scope, id, message) =>
        invoicePageHtml(scope, await load(scope, id), { error: message, record: values }),
    );
  });

  app.post('/invoices/:id/payments/:paymentId/refund', async (request, reply) =>
    change(request, reply, async (scope, id) => {
      const { paymentId } = request.params as { paymentId: string };
      const { doc, payments } = await load(scope, id);
      const payment = payments.find((p) => p.id === paymentId);
      if (!payment) throw new FormError('That payment is not one of this invoice’s.');
      const amount = majorAmount(
        text(formOf(request.body), 'amount', 40),
        payment.currency ?? doc.currency,
        'Refund amount',
      );
      await refundPayment(services, scope.actor, id, {
        altId: scope.location.id,
        paymentId,
        ...(amount === undefined ? {} : { amount }),
      });
      return 'refund';
    }),
  );

  app.get('/invoices/:id/void', async (request, reply) => {
    const scope = scopeOf(request);
    return html(reply, voidPageHtml(scope, await load(scope, invoiceIdOf(request))));
  });

  app.post('/invoices/:id/void', async (request, reply) =>
    change(request, reply, async (scope, id) => {
      await voidInvoice(services, scope.actor, scope.location.id, id);
      return 'void';
    }),
  );
};

export default screens;
