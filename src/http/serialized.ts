import type { FastifyReply } from 'fastify';

/**
 * Sends JSON text made by the serializer of the route's own response schema (invoicing/invoice-view.ts):
 * Fastify passes a string with a JSON content type through unchanged.
 */
export function sendSerialized(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
