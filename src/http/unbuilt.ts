/**
 * HighLevel operations this service does not answer yet (issue #12). Registered explicitly so that their
 * paths get the plain 404 of an unknown route, instead of falling into `/invoices/{invoiceId}` (which
 * would answer "Invoice not found" for `GET /invoices/settings`). Remove an entry when it is built; all 42
 * are built today, and what remains here are the bare sub-resource names below.
 */
import type { FastifyPluginAsync } from 'fastify';

export const UNBUILT: Array<['GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', string]> = [];

/**
 * Single-segment names of HighLevel's sub-resources, for the methods `/invoices/{invoiceId}` also answers
 * (a built route of the same method and path takes precedence).
 */
const RESERVED = ['template', 'schedule', 'settings', 'estimate', 'stats', 'text2pay'];

const unbuilt: FastifyPluginAsync = async (app) => {
  const notFound = (method: string, url: string) => ({
    statusCode: 404,
    message: `Cannot ${method} ${url.split('?')[0]}`,
    error: 'Not Found',
  });
  const seen = new Set<string>();
  const answer = (method: (typeof UNBUILT)[number][0], url: string) => {
    if (seen.has(`${method} ${url}`) || app.hasRoute({ method, url })) return;
    seen.add(`${method} ${url}`);
    app.route({
      method,
      url,
      schema: { hide: true },
      handler: async (request, reply) => reply.status(404).send(notFound(request.method, request.url)),
    });
  };
  for (const [method, url] of UNBUILT) answer(method, url);
  for (const name of RESERVED)
    for (const method of ['GET', 'PUT', 'DELETE'] as const) answer(method, `/invoices/${name}`);
};

export default unbuilt;
