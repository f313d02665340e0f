/**
 * The customer pays (docs/payments.md): POST /i/{token}/pay from the hosted page's form, and the test
 * provider's checkout at /pay/test/{sessionId}. Plain HTML forms (application/x-www-form-urlencoded),
 * answered with pages or 303 redirects; a refusal is the page again with its reason, never a 5xx.
 * Request bodies are never logged (Fastify logs a request's method, URL and peer only), so a card number
 * entered on the test checkout reaches payTestCheckout and nothing else.
 */
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type as T } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { AppError } from '../errors.ts';
import type { CheckoutChoice } from '../invoicing/checkout.ts';
import { startCheckout } from '../invoicing/checkout.ts';
import { refusedPayPage } from '../invoicing/customer-page.ts';
import type { TestCheckoutResult } from '../invoicing/test-checkout.ts';
import {
  answerTestConfirmation,
  submitTestCard,
  type TestCheckoutPage,
  testCheckoutPage,
} from '../invoicing/test-checkout-page.ts';
import { renderTestCheckoutPage } from '../render/test-checkout.tsx';
import {
  CHECKOUT_NOT_FOUND,
  INVOICE_NOT_FOUND,
  pageHeaders,
  refusalStatus,
  sendInvoicePage,
  TokenParams,
} from './customer-pages.ts';
import './services.ts';

const PayBody = T.Object({
  pay: T.Optional(T.Union([T.Literal('due'), T.Literal('next_entry')])),
  tip: T.Optional(T.String({ maxLength: 20 })),
  saveMethod: T.Optional(T.String({ maxLength: 10 })),
});

const SessionParams = T.Object({ sessionId: T.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });
const CardBody = T.Object({ cardNumber: T.Optional(T.String({ maxLength: 40 })) });
const ConfirmBody = T.Object({ approve: T.Optional(T.String({ maxLength: 10 })) });

const BAD_FORM = 'The payment form was not filled in as expected; please try again.';

function choiceOf(body: { pay?: CheckoutChoice['pay']; tip?: string; saveMethod?: string }): CheckoutChoice {
  const tip = body.tip?.trim();
  return {
    pay: body.pay ?? 'due',
    ...(tip && tip !== 'none' ? { tipPercent: Number(tip) } : {}),
    saveMethod: body.saveMethod !== undefined && body.saveMethod !== '',
  };
}

/** Statuses of the test checkout's outcomes: a decline is 402 Payment Required, a bad number 422. */
function answerOutcome(
  reply: FastifyReply,
  { result, page }: { result: TestCheckoutResult; page: TestCheckoutPage },
) {
  if (result.kind === 'paid') return reply.redirect(page.paidUrl, 303);
  if (result.kind === 'confirm') return reply.send(renderTestCheckoutPage(page.view));
  const status = result.kind === 'declined' ? 402 : 422;
  return reply.status(status).send(renderTestCheckoutPage(page.view, { message: result.message }));
}

const pay: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const headers = pageHeaders(services.publicUrl);
  // Scoped to this plugin, as in tenancy.ts: the customer's forms; the API stays JSON-only.
  await app.register(formbody);
  const lenient = { attachValidation: true } as const;

  app.post(
    '/i/:token/pay',
    { schema: { hide: true, params: TokenParams, body: PayBody }, ...lenient },
    async (request, reply) => {
      reply.headers(headers);
      if (request.validationError?.validationContext === 'params') {
        return reply.status(404).send(INVOICE_NOT_FOUND);
      }
      const { token } = request.params;
      if (request.validationError) {
        return sendInvoicePage(reply, token, await refusedPayPage(services, token, BAD_FORM), 400);
      }
      const choice = choiceOf(request.body);
      try {
        const { url } = await startCheckout(services, token, choice);
        return reply.redirect(url, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.kind === 'not_found') return reply.status(404).send(INVOICE_NOT_FOUND);
        const chosen = {
          saveMethod: choice.saveMethod,
          ...(choice.tipPercent !== undefined ? { tipPercent: choice.tipPercent } : {}),
        };
        const page = await refusedPayPage(services, token, error.message, chosen);
        return sendInvoicePage(reply, token, page, refusalStatus(error));
      }
    },
  );

  /** Runs a checkout step; an unknown session (or one of another provider) gets the not-found page. */
  async function checkoutStep(reply: FastifyReply, invalid: boolean, step: () => Promise<FastifyReply>) {
    reply.headers(headers);
    if (invalid) return reply.status(404).send(CHECKOUT_NOT_FOUND);
    try {
      return await step();
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not_found') {
        return reply.status(404).send(CHECKOUT_NOT_FOUND);
      }
      throw error;
    }
  }

  app.get(
    '/pay/test/:sessionId',
    { schema: { hide: true, params: SessionParams }, ...lenient },
    (request, reply) =>
      checkoutStep(reply, request.validationError !== undefined, async () => {
        const page = await testCheckoutPage(services, request.params.sessionId);
        if (page.completed) return reply.redirect(page.paidUrl, 303);
        return reply.send(renderTestCheckoutPage(page.view));
      }),
  );

  app.post(
    '/pay/test/:sessionId',
    { schema: { hide: true, params: SessionParams, body: CardBody }, ...lenient },
    (request, reply) =>
      checkoutStep(reply, request.validationError?.validationContext === 'params', async () => {
        // A body that is not the form counts as no card number (refused as invalid, 422).
        const cardNumber = request.validationError ? '' : (request.body?.cardNumber ?? '');
        return answerOutcome(reply, await submitTestCard(services, request.params.sessionId, cardNumber));
      }),
  );

  app.post(
    '/pay/test/:sessionId/confirm',
    { schema: { hide: true, params: SessionParams, body: ConfirmBody }, ...lenient },
    (request, reply) =>
      checkoutStep(reply, request.validationError?.validationContext === 'params', async () => {
        const approve = !request.validationError && request.body?.approve === 'true';
        return answerOutcome(
          reply,
          await answerTestConfirmation(services, request.params.sessionId, approve),
        );
      }),
  );
};

export default pay;
