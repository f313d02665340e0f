/**
 * The customer's side: GET /i/{token} (hosted invoice page) and /i/{token}/pdf. No API token: the
 * unguessable per-invoice token is the credential, so an unknown token looks exactly like a wrong one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.ts';
import { viewInvoicePage } from '../invoicing/customer-page.ts';
import { invoicePdfByToken } from '../invoicing/invoice-pdf.ts';
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

  // HEAD answers from the invoice alone, never a render; declared before GET so Fastify keeps it.
  for (const method of ['HEAD', 'GET'] as const) {
    app.route({
      method,
      url: '/i/:token/pdf',
      schema: { hide: true, params: TokenParams },
      ...notFound,
      handler: async (request, reply) => {
        const found = request.validationError
          ? undefined
          : await invoicePdfByToken(services, request.params.token, { render: method === 'GET' }).catch(
              (error: unknown) => {
                // Busy or too slow: the same request may work in a moment.
                if (error instanceof AppError && error.kind === 'unavailable')
                  reply.header('retry-after', '5');
                throw error;
              },
            );
        if (!found) return reply.status(404).headers(headers).send(INVOICE_NOT_FOUND);
        reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="${found.filename}"`)
          .header('cache-control', 'private, no-store')
          .header('x-robots-tag', 'noindex');
        return found.pdf ? reply.send(found.pdf) : reply.send();
      },
    });
  }
};

export default publicInvoice;
