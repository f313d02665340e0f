/**
 * The business's dashboard, registered at /app (issue #13): server-rendered pages over the same use cases as the
 * API. Every route below /app/l/:locationId needs a session, a CSRF token on anything but GET/HEAD,
 * and the user's access to that location.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { assetRoutes } from './assets.ts';
import { describeError } from './errors.ts';
import { renderLocationPage, renderPlainPage } from './layout.tsx';
import { SCREENS } from './screens.ts';
import { loadSession, requireLocation, requireSignedIn } from './session.ts';
import { signInRoutes } from './sign-in.tsx';

export interface DashboardOptions {
  /** Whether /dev/outbox is served, for the test-mode banner's link. */
  devOutbox: boolean;
}

export const DASHBOARD_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    'img-src https: http: data:',
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'referrer-policy': 'same-origin',
  'cache-control': 'private, no-store',
  'x-robots-tag': 'noindex',
};

function sendError(request: FastifyRequest, reply: FastifyReply, statusCode: number, message: string) {
  reply.status(statusCode).type('text/html; charset=utf-8');
  if (request.headers['hx-request'] === 'true') {
    // htmx swaps only 2xx answers by default; the fragment goes to the page's error slot.
    return reply
      .header('hx-retarget', '#flash')
      .header('hx-reswap', 'innerHTML')
      .send(
        renderToString(
          <p class="error" role="alert">
            {message}
          </p>,
        ),
      );
  }
  const body = (
    <div class="card">
      <h1>{statusCode === 404 ? 'Not found' : 'That did not work'}</h1>
      <p>{message}</p>
      <p>
        <a href="/app">Back to the dashboard</a>
      </p>
    </div>
  );
  return reply.send(
    request.scope
      ? renderLocationPage(request.scope, { title: 'Error', body })
      : renderPlainPage({ title: 'Error', body }),
  );
}

const dashboard: FastifyPluginAsync<DashboardOptions> = async (app: FastifyInstance, options) => {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  app.decorateRequest('signedIn', null);
  app.decorateRequest('scope', null);
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(DASHBOARD_HEADERS);
  });
  app.addHook('onRequest', loadSession(app));
  app.setErrorHandler((error, request, reply) => {
    const described = describeError(error);
    if (described) return sendError(request, reply, described.statusCode, described.message);
    request.log.error({ err: error }, 'dashboard error');
    return sendError(request, reply, 500, 'Something went wrong on our side. Try again in a moment.');
  });
  app.setNotFoundHandler((request, reply) => {
    // Signed out, every page is the sign-in page: which ones exist is not for strangers to learn.
    if (!request.signedIn && (request.method === 'GET' || request.method === 'HEAD'))
      return reply.redirect(`/app/login?next=${encodeURIComponent(request.url)}`, 303);
    return sendError(request, reply, 404, 'There is no such page, or you have no access to it.');
  });

  await app.register(assetRoutes);
  await app.register(signInRoutes);
  await app.register(
    async (located) => {
      located.addHook('preHandler', requireSignedIn);
      located.addHook('preHandler', requireLocation(options.devOutbox));
      for (const screen of SCREENS) await located.register(screen);
    },
    { prefix: '/l/:locationId' },
  );
};

export default dashboard;
