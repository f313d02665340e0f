/** The dashboard's static files: its CSS, its small script, and htmx from node_modules (no CDN). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { DashboardError } from './errors.ts';
import { APP_JS } from './script.ts';
import { APP_CSS } from './style.ts';

const require = createRequire(import.meta.url);

const ASSETS: Record<string, { type: string; body: string }> = {
  'app.css': { type: 'text/css; charset=utf-8', body: APP_CSS },
  'app.js': { type: 'text/javascript; charset=utf-8', body: APP_JS },
  'htmx.min.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'),
  },
};

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  app.get('/assets/:name', async (request, reply) => {
    const asset = ASSETS[(request.params as { name: string }).name];
    if (!asset) throw new DashboardError(404, 'There is no such file.');
    return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  });
}
