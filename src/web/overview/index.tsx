/** The location's overview: GET /app/l/:locationId. */
import type { FastifyPluginAsync } from 'fastify';
import { locationPath, scopeOf } from '../context.ts';
import { renderLocationPage } from '../layout.tsx';

const overview: FastifyPluginAsync = async (app) => {
  app.get('/', async (request, reply) => {
    const scope = scopeOf(request);
    return reply.type('text/html; charset=utf-8').send(
      renderLocationPage(scope, {
        title: 'Overview',
        section: 'overview',
        body: (
          <>
            <h1>{scope.location.name}</h1>
            <p>
              <a class="button" href={locationPath(scope, '/invoices')}>
                Invoices
              </a>
            </p>
          </>
        ),
      }),
    );
  });
};

export default overview;
