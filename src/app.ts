import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type PgBoss from 'pg-boss';
import type { Config } from './config.ts';
import { AppError, Errors } from './errors.ts';
import { authenticateRequests } from './http/auth.ts';
import charges from './http/charges.ts';
import devOutbox from './http/dev-outbox.ts';
import estimateTemplates from './http/estimate-templates.ts';
import estimates from './http/estimates.ts';
import {
  addSecurityHeaders,
  applyHeadersTimeout,
  limitConnectionsPerAddress,
  SECURITY_HEADERS,
  serializeRequest,
} from './http/hardening.ts';
import { unstorableBody } from './http/input-guard.ts';
import invoices from './http/invoices.ts';
import pay from './http/pay.ts';
import payments from './http/payments.ts';
import publicEstimate from './http/public-estimate.ts';
import publicInvoice from './http/public-invoice.ts';
import { installRateLimits } from './http/rate-limits.ts';
import schedules from './http/schedules.ts';
import sendRoutes from './http/send.ts';
import type { Services } from './http/services.ts';
import settings from './http/settings.ts';
import stripeWebhook from './http/stripe-webhook.ts';
import templates from './http/templates.ts';
import tenancy from './http/tenancy.ts';
import testClock from './http/test-clock.ts';
import text2pay from './http/text2pay.ts';
import unbuilt from './http/unbuilt.ts';
import { describeValidationErrors, validatorCompiler } from './http/validation.ts';
import webhooks from './http/webhooks.ts';
import { startPdfRenderer } from './invoicing/invoice-pdf.ts';
import { chargeJobs, deliveryJobs, queueOptionsFor, startQueue, webhookJobs } from './jobs/queue.ts';
import { paymentProviders } from './payment-providers.ts';
import { openStore, type Store } from './store/db.ts';
import { unstorableValueError } from './store/errors.ts';
import dashboard from './web/index.tsx';

export interface BuildOptions {
  config: Config;
  /** The PostgreSQL to use: config.databaseUrl, or the embedded server's URL. */
  databaseUrl: string;
  /** Reuse an open store (tests, CLI); otherwise build opens one and closes it with the app. */
  store?: Store;
  /** A started pg-boss to queue deliveries on; otherwise build starts one and stops it with the app. */
  boss?: PgBoss;
  /**
   * Whether the pg-boss build starts runs queue maintenance: only when delivery workers run in this
   * process (default false, so an API process never pauses for it). Ignored when `boss` is given.
   */
  queueMaintenance?: boolean;
  /** Serve /dev/outbox (no token); defaults to config.delivery.devOutbox. Keep it off in production. */
  devOutbox?: boolean;
  /** Where the log goes instead of stdout (tests that read it). */
  logStream?: NodeJS.WritableStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    config: Config;
    /** The job queue deliveries are enqueued on (and workers of this process take from). */
    boss: PgBoss;
  }
}

const REDACT = ['req.headers.authorization', 'req.headers.cookie'];

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    return Errors.unprocessable(
      describeValidationErrors(error.validation as never, error.validationContext ?? 'body'),
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.malformedJson();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'request body is too large (the limit is 1 MiB)');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', 'send the body as application/json');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    // Any other client error Fastify raises (bad URL encoding, ...) keeps its status family.
    return Errors.badRequest(error.message);
  }
  const unstorable = unstorableValueError(error);
  if (unstorable) return unstorable;
  throw error;
}

function routeNotFound(request: FastifyRequest): AppError {
  return Errors.notFound(`Cannot ${request.method} ${request.url.split('?')[0]}`);
}

export async function build(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const timeoutMs = config.limits.requestTimeoutSeconds * 1000;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: REDACT,
            serializers: { req: serializeRequest as never },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: 1024 * 1024,
    // A client trickling bytes must not hold a connection: README "Limits".
    requestTimeout: timeoutMs,
    connectionTimeout: timeoutMs * 2,
    http: { connectionsCheckingInterval: 1000 },
    // The router's own refusals (a %-escape that is not UTF-8, an over-long id) in our error body.
    frameworkErrors: (error, _request, reply) => {
      const message =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'a path parameter is too long (ids are at most 200 characters)'
          : 'the URL is not valid: a %-escape in its path does not decode to UTF-8 text';
      (reply as FastifyReply).status(400).headers(SECURITY_HEADERS).send(Errors.badRequest(message).toBody());
    },
    // Ids in paths are short; anything longer is not one of ours.
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  applyHeadersTimeout(app.server, config.limits.requestTimeoutSeconds);
  limitConnectionsPerAddress(app.server, config.limits.connectionsPerAddress);

  const ownsStore = options.store === undefined;
  const store = options.store ?? openStore(options.databaseUrl);
  app.decorate('store', store);
  app.decorate('config', config);
  app.decorateRequest('auth', null);
  const ownsBoss = options.boss === undefined;
  const boss =
    options.boss ??
    (await startQueue(
      options.databaseUrl,
      queueOptionsFor(config.delivery, { maintenance: options.queueMaintenance === true }),
    ));
  app.decorate('boss', boss);
  const services: Services = {
    store,
    jobs: deliveryJobs(boss),
    transports: { smtp: config.delivery.smtpUrl !== undefined, twilio: config.delivery.twilio !== undefined },
    publicUrl: config.publicUrl,
    sendsPerHour: config.limits.sendsPerInvoicePerHour,
    providers: paymentProviders(store, config),
    chargeJobs: chargeJobs(boss),
    webhooks: { store, config: config.webhooks, jobs: webhookJobs(boss) },
    pdf: startPdfRenderer(config.pdf),
  };
  app.decorate('services', services);
  app.addHook('onClose', async () => {
    await services.pdf.close();
    if (ownsBoss) await boss.stop({ graceful: true, wait: true });
    if (ownsStore) await store.close();
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    try {
      appError = toAppError(error);
    } catch {
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(500)
        .send({ statusCode: 500, message: 'Internal server error', error: 'Internal Server Error' });
    }
    return reply.status(appError.statusCode).send(appError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(routeNotFound(request).toBody());
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'hl-invoices',
        description: 'HighLevel-compatible Invoices API (self-hosted). Every call needs a Version header.',
        version: '0.1.0',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  addSecurityHeaders(app);
  app.addHook('onRequest', authenticateRequests(services));
  await installRateLimits(app, config.limits);
  // PostgreSQL text and jsonb cannot hold NUL; refuse it at the edge instead of failing in the store.
  app.addHook('onRequest', async (request) => {
    if (request.url.includes('%00'))
      throw Errors.badRequest('the URL must not contain a NUL character (%00)');
  });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Clients (the official SDK among them) send Content-Type: application/json on DELETE with no body.
    if (body === '' && (request.method === 'DELETE' || request.method === 'GET')) {
      done(null, undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
  // After any parser (JSON, form), before validation: what the store cannot hold never reaches it.
  app.addHook('preValidation', async (request) => {
    const refusal = unstorableBody(request.body);
    if (refusal) throw refusal;
  });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(templates);
  await app.register(text2pay);
  await app.register(estimateTemplates);
  await app.register(estimates);
  await app.register(schedules);
  await app.register(settings);
  await app.register(invoices);
  await app.register(sendRoutes);
  await app.register(payments);
  await app.register(charges);
  await app.register(stripeWebhook);
  await app.register(publicInvoice);
  await app.register(publicEstimate);
  await app.register(pay);
  await app.register(tenancy);
  await app.register(webhooks);
  await app.register(testClock);
  await app.register(unbuilt);
  const outbox = options.devOutbox ?? config.delivery.devOutbox;
  if (outbox) {
    if (config.delivery.devOutboxForced) {
      app.log.warn(
        `DEV_OUTBOX=true: /dev/outbox is served without a token to anyone who reaches ${config.host}:${config.port}`,
      );
    }
    await app.register(devOutbox);
  }
  await app.register(dashboard, { prefix: '/app', devOutbox: outbox });

  return app;
}
