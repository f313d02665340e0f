/** The dashboard's settings screens (registered under /app/l/:locationId by web/screens.ts; issue #13 item 8). */
import type { FastifyPluginAsync } from 'fastify';
import business from './business.tsx';
import payments from './payments.tsx';
import tokens from './tokens.tsx';
import webhooks from './webhooks.tsx';

const screens: FastifyPluginAsync = async (app) => {
  await app.register(business);
  await app.register(payments);
  await app.register(tokens);
  await app.register(webhooks);
};

export default screens;
