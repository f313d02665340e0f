/** The dashboard's invoice-page screens (registered under /app/l/:locationId by web/screens.ts). */
import type { FastifyPluginAsync } from 'fastify';

const screens: FastifyPluginAsync = async () => {};

export default screens;
