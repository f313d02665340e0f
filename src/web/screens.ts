/**
 * The dashboard's screens, each a Fastify plugin registered under /app/l/:locationId (paths relative to
 * it). Every route there has `request.scope` (web/context.ts) and needs a CSRF token unless GET/HEAD.
 */
import type { FastifyPluginAsync } from 'fastify';
import overview from './overview.tsx';

export const SCREENS: FastifyPluginAsync[] = [overview];
