import type { ChargeJobs, InvoicingContext, PaymentProviders } from '../invoicing/context.ts';
import type { PdfRenderer } from '../render/pdf/render-pool.ts';
import type { TenancyContext } from '../tenancy/context.ts';
import type { WebhookContext } from '../webhooks/context.ts';

/** What the routes hand to the use cases: one object, built by build() in src/app.ts. */
export type Services = InvoicingContext &
  TenancyContext & {
    providers: PaymentProviders;
    chargeJobs: ChargeJobs;
    webhooks: WebhookContext;
    pdf: PdfRenderer;
  };

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
