/**
 * The customer's side: GET /i/{token} (hosted invoice page) and /i/{token}/pdf. No API token: the
 * unguessable per-invoice token is the credential, so an unknown token looks exactly like a wrong one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type as T } from '@sinclair/typebox';
import { invoiceDocumentByToken, viewInvoicePage } from '../invoicing/customer-page.ts';
import { renderNotFoundPage } from '../render/not-found.tsx';
import { renderInvoicePage } from '../render/page.tsx';
import { renderInvoicePdf } from '../render/pdf/invoice-pdf.ts';
import './services.ts';

const Params = T.Object({ token: T.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, no-store',
};

const NOT_FOUND_PAGE = renderNotFoundPage();

const publicInvoice: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  // A malformed token gets the same page as an unknown one, not a validation error.
  const notFound = { attachValidation: true } as const;

  app.get('/i/:token', { schema: { hide: true, params: Params }, ...notFound }, async (request, reply) => {
    reply.headers(PAGE_HEADERS);
    const doc = request.validationError
      ? undefined
      : await viewInvoicePage(services, request.params.token, {
          userAgent: String(request.headers['user-agent'] ?? ''),
        });
    if (!doc) return reply.status(404).send(NOT_FOUND_PAGE);
    return reply.send(renderInvoicePage(doc, { pdfUrl: `/i/${request.params.token}/pdf` }));
  });

  app.get(
    '/i/:token/pdf',
    { schema: { hide: true, params: Params }, ...notFound },
    async (request, reply) => {
      const doc = request.validationError
        ? undefined
        : await invoiceDocumentByToken(services, request.params.token);
      if (!doc) return reply.status(404).headers(PAGE_HEADERS).send(NOT_FOUND_PAGE);
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
