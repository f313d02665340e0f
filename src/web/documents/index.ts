/** The dashboard's documents screens: schedules, estimates and templates (under /app/l/:locationId, web/screens.ts). */
import type { FastifyPluginAsync } from 'fastify';
import estimates from './estimates.tsx';
import schedules from './schedules.tsx';
import templates from './templates.tsx';

const screens: FastifyPluginAsync = async (app) => {
  await app.register(schedules);
  await app.register(estimates);
  await app.register(templates);
};

export default screens;
