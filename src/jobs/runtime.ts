/** Delivery and charge workers with what the configuration names: what `serve` and `worker` run. */
import type PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import { createSmtpTransport } from '../delivery/email.ts';
import { outboxEmailTransport, outboxSmsTransport } from '../delivery/outbox.ts';
import { createTwilioTransport } from '../delivery/sms.ts';
import type { AutoPaymentContext, PaymentProviders } from '../invoicing/context.ts';
import { startPdfRenderer } from '../invoicing/invoice-pdf.ts';
import { createRenderer } from '../invoicing/render-delivery.ts';
import type { Store } from '../store/db.ts';
import { startChargeWorkers } from './charge-workers.ts';
import { chargeJobs, deliveryJobs } from './queue.ts';
import { startWorkers, type WorkerLogger } from './workers.ts';

/** One line for the startup log: which channels really leave the machine. Never prints secrets. */
export function describeTransports(config: Config): string {
  const { smtpUrl, twilio } = config.delivery;
  const email = smtpUrl
    ? `SMTP ${new URL(smtpUrl).host} (live mode), dev outbox (test mode)`
    : 'dev outbox only (SMTP_URL unset)';
  const sms = twilio
    ? `Twilio from ${twilio.from} (live mode), dev outbox (test mode)`
    : 'dev outbox only (TWILIO_* unset)';
  return `email: ${email}; sms: ${sms}`;
}

export function startDeliveryWorkers(options: {
  boss: PgBoss;
  store: Store;
  config: Config;
  log?: WorkerLogger;
}) {
  const { config } = options;
  const email = config.delivery.smtpUrl
    ? createSmtpTransport({
        url: config.delivery.smtpUrl,
        deliveryTimeoutSeconds: config.delivery.deliveryTimeoutSeconds,
      })
    : undefined;
  const twilio = config.delivery.twilio;
  const sms = twilio
    ? createTwilioTransport({
        accountSid: twilio.accountSid,
        authToken: twilio.authToken,
        from: twilio.from,
        ...(twilio.apiUrl ? { baseUrl: twilio.apiUrl } : {}),
        // Well within the job's expiry, like the SMTP timeouts: an attempt must end before its retry starts.
        timeoutMs: Math.min(15_000, Math.floor((config.delivery.deliveryTimeoutSeconds * 1000) / 3)),
      })
    : undefined;
  // The attached PDFs are drawn off this process's event loop too (an API may share it: `start`).
  const pdf = startPdfRenderer(config.pdf);
  const workers = startWorkers({
    boss: options.boss,
    store: options.store,
    transports: { email, sms, outbox: { email: outboxEmailTransport, sms: outboxSmsTransport } },
    render: createRenderer(options.store, config, pdf.render),
    concurrency: config.delivery.workerConcurrency,
    log: options.log,
  });
  return {
    async stop(timeoutMs = 30_000) {
      await workers.stop({ timeoutMs });
      await pdf.close();
      await email?.close?.();
      await sms?.close?.();
    },
  };
}

/** Auto-payment's charge workers: WORKER_CONCURRENCY charges at once, through the process's providers. */
export function startAutoPaymentWorkers(options: {
  boss: PgBoss;
  store: Store;
  config: Config;
  providers: PaymentProviders;
  log?: WorkerLogger;
}) {
  const { boss, config } = options;
  const ctx: AutoPaymentContext = {
    store: options.store,
    jobs: deliveryJobs(boss),
    chargeJobs: chargeJobs(boss),
    transports: { smtp: config.delivery.smtpUrl !== undefined, twilio: config.delivery.twilio !== undefined },
    publicUrl: config.publicUrl,
    providers: options.providers,
  };
  const workers = startChargeWorkers({
    boss,
    ctx,
    concurrency: config.delivery.workerConcurrency,
    log: options.log,
  });
  return { stop: (timeoutMs = 30_000) => workers.stop({ timeoutMs }) };
}
