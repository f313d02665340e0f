/**
 * POST /payments/stripe/webhook: Stripe's events, verified by their signature on the exact bytes Stripe
 * sent (so this route reads its body raw), processed once each (src/invoicing/provider-events.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { Errors } from '../errors.ts';
import { chargeEventHandler } from '../invoicing/charge-outcome.ts';
import { handleProviderEvent } from '../invoicing/provider-events.ts';
import './services.ts';

const stripeWebhook: FastifyPluginAsync = async (app) => {
  const { services } = app;
  // Scoped to this plugin: every other route keeps the service's own JSON parser.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post('/payments/stripe/webhook', { schema: { hide: true } }, async (request) => {
    const parse = services.providers.stripeEvent;
    if (!parse) throw Errors.notFound('Stripe is not configured');
    if (!Buffer.isBuffer(request.body)) throw Errors.badRequest('send the event as application/json');
    const signature = request.headers['stripe-signature'];
    const body = request.body;
    const event = (() => {
      try {
        return parse(body, typeof signature === 'string' ? signature : undefined);
      } catch {
        throw Errors.badRequest('The Stripe-Signature header does not match the body');
      }
    })();
    const outcome = await handleProviderEvent(services, 'stripe', event, chargeEventHandler(services));
    return { received: true, outcome };
  });
};

export default stripeWebhook;
