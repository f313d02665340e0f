/** `templateId` (our addition) on POST /invoices/ and POST /invoices/text2pay. */
import type { FastifyRequest } from 'fastify';
import { invoiceBodyFromTemplate } from '../invoicing/templates.ts';
import { authorizeLocation } from './auth.ts';
import type { Services } from './services.ts';

/**
 * A preValidation hook: a body naming a template is completed from it before validation, so the result
 * is checked as any body is. Anything that is not such a body is left to validation to refuse.
 */
export function fillFromTemplate(services: Services) {
  return async (request: FastifyRequest): Promise<void> => {
    const body = request.body as Record<string, unknown> | null | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
    const { templateId, ...rest } = body;
    if (typeof templateId !== 'string' || templateId === '' || typeof rest.altId !== 'string') return;
    await authorizeLocation(services, request, rest.altId);
    request.body = await invoiceBodyFromTemplate(services, rest.altId, templateId, rest);
  };
}
