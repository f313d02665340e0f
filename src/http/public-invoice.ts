/**
 * The customer's side: GET /i/{token} (hosted invoice page) and /i/{token}/pdf. No API token: the
 * unguessable per-invoice token is the credential, so an unknown token looks exactly like a wrong one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invoiceDocumentByToken, viewInvoicePage } from '../invoicing/customer-page.ts';
import { renderInvoicePdf } from '../render/pdf/invoice-pdf.ts';
import { INVOICE_NOT_FOUND, pageHeaders, sendInvoicePage, TokenParams } from './customer-pages.ts';
import './services.ts';

/** ?paid={sessionId}: back from a checkout. */
function paidSession(query: unknown): string | undefined {
  const paid = (query as { paid?: unknown } | undefined)?.paid;
  return typeof paid === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(paid) ? paid : undefined;
}

const publicInvoice: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const headers = pageHeaders(services.publicUrl);

  // A malformed token gets the same page as an unknown one, not a validation error.
  const notFound = { attachValidation: true } as const;

  app.get(
    '/i/:token',
    { schema: { hide: true, params: TokenParams }, ...notFound },
    async (request, reply) => {
      reply.headers(headers);
      const { token } = request.params;
      const page = request.validationError
        ? undefined
        : await viewInvoicePage(services, token, {
            userAgent: String(request.headers['user-agent'] ?? ''),
            paidSessionId: paidSession(request.query),
          });
      return sendInvoicePage(reply, token, page);
    },
  );

  app.get(
    '/i/:token/pdf',
    { schema: { hide: true, params: TokenParams }, ...notFound },
    async (request, reply) => {
      const doc = request.validationError
        ? undefined
        : await invoiceDocumentByToken(services, request.params.token);
      if (!doc) return reply.status(404).headers(headers).send(INVOICE_NOT_FOUND);
      const pdf = await renderInvoicePdf(doc);
      const filename = `${doc.displayNumber ?? 'invoice'}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .header('x-robots-tag', 'noindex')
        .send(pdf);
    },
  );
};

export default publicInvoice;
