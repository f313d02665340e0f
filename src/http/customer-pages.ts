/** What every customer-facing HTML page is sent with, and how a hosted invoice page is answered. */
import { Type as T } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppError } from '../errors.ts';
import type { CustomerPage } from '../invoicing/customer-page.ts';
import { renderNotFoundPage } from '../render/not-found.tsx';
import { renderInvoicePage } from '../render/page.tsx';

/**
 * No scripts, nothing loaded but images and inline CSS. Forms may post to this service (as reached, or
 * as PUBLIC_URL names it) and be redirected on to Stripe Checkout.
 */
export function pageHeaders(publicUrl: string): Record<string, string> {
  const origin = new URL(publicUrl).origin;
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      'img-src https: http: data:',
      "style-src 'unsafe-inline'",
      "base-uri 'none'",
      `form-action 'self' ${origin} https://checkout.stripe.com`,
      "frame-ancestors 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  };
}

/** A hosted page's token: anything else is answered like an unknown token. */
export const TokenParams = T.Object({
  token: T.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
});

export const INVOICE_NOT_FOUND = renderNotFoundPage('Invoice');
export const CHECKOUT_NOT_FOUND = renderNotFoundPage('Checkout');

/**
 * The status a refused customer action is answered with: the error's own 4xx; a provider that is not
 * set up (or did not answer) is a 409, since nothing is wrong with the service and nothing was changed.
 */
export function refusalStatus(error: AppError): number {
  return error.statusCode >= 500 ? 409 : error.statusCode;
}

export function sendInvoicePage(
  reply: FastifyReply,
  token: string,
  page: CustomerPage | undefined,
  status = 200,
) {
  if (!page) return reply.status(404).send(INVOICE_NOT_FOUND);
  const html = renderInvoicePage(page.doc, { pdfUrl: `/i/${token}/pdf`, state: page.state });
  return reply.status(status).send(html);
}
