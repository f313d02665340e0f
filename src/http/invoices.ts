import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const invoices: FastifyPluginAsyncTypebox = async () => {};
export default invoices;
