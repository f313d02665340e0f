/**
 * The dashboard's screens, each a Fastify plugin registered under /app/l/:locationId (paths relative to
 * it). Every route there has `request.scope` (web/context.ts) and needs a CSRF token unless GET/HEAD.
 */
import type { FastifyPluginAsync } from 'fastify';
import documents from './documents/index.ts';
import invoicePage from './invoice-page/index.ts';
import invoices from './invoices/index.ts';
import overview from './overview/index.tsx';
import settings from './settings/index.ts';

export const SCREENS: FastifyPluginAsync[] = [overview, invoices, invoicePage, documents, settings];
