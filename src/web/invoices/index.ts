/** The dashboard's invoices screens (registered under /app/l/:locationId by web/screens.ts). */
import type { FastifyPluginAsync } from 'fastify';
import editorRoutes from './editor-routes.tsx';
import list from './list.tsx';

const screens: FastifyPluginAsync = async (app) => {
  await app.register(list);
  await app.register(editorRoutes);
};

export default screens;
