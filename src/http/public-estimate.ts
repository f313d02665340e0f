/**
 * The customer's estimate page: GET /e/{token}, and plain form posts to accept or decline it. No API
 * token: the unguessable per-estimate token is the credential, so an unknown token looks like a wrong one.
 */
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Decision, decideEstimate, viewEstimatePage } from '../invoicing/estimate-page.ts';
import { renderEstimatePage } from '../render/estimate-page.tsx';
import { renderNotFoundPage } from '../render/not-found.tsx';
import { pageHeaders, TokenParams } from './customer-pages.ts';
import './services.ts';

const ESTIMATE_NOT_FOUND = renderNotFoundPage('Estimate');

const publicEstimate: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const headers = pageHeaders(services.publicUrl);
  await app.register(formbody);
  const actions = (token: string) => ({ accept: `/e/${token}/accept`, decline: `/e/${token}/decline` });

  app.get(
    '/e/:token',
    { schema: { hide: true, params: TokenParams }, attachValidation: true },
    async (request, reply) => {
      reply.headers(headers);
      const { token } = request.params;
      const page = request.validationError ? undefined : await viewEstimatePage(services, token);
      if (!page) return reply.status(404).send(ESTIMATE_NOT_FOUND);
      return reply.send(renderEstimatePage(page, actions(token)));
    },
  );

  for (const [path, decision] of [
    ['accept', 'accepted'],
    ['decline', 'declined'],
  ] as Array<[string, Decision]>) {
    app.post(
      `/e/:token/${path}`,
      { schema: { hide: true, params: TokenParams }, attachValidation: true },
      async (request, reply) => {
        reply.headers(headers);
        const { token } = request.params;
        const done = request.validationError ? undefined : await decideEstimate(services, token, decision);
        if (!done) return reply.status(404).send(ESTIMATE_NOT_FOUND);
        if (done.refused) return reply.status(409).send(renderEstimatePage(done.page, actions(token)));
        // Back to the page, so a reload does not post again.
        return reply.status(303).header('location', `/e/${token}`).send('');
      },
    );
  }
};

export default publicEstimate;
