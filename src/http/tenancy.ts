import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const tenancy: FastifyPluginAsyncTypebox = async () => {};
export default tenancy;
