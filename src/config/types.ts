/** The typed configuration src/config.ts reads from the environment. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** External PostgreSQL; when absent the embedded server under dataDir is used. */
  databaseUrl: string | undefined;
  publicUrl: string;
  logLevel: LogLevel;
  delivery: DeliveryConfig;
  payments: PaymentsConfig;
  pdf: PdfConfig;
  webhooks: WebhookConfig;
  limits: LimitsConfig;
  scheduler: SchedulerConfig;
  dashboard: DashboardConfig;
}

/** The dashboard's sessions (/app): idle and absolute lifetimes. */
export interface DashboardConfig {
  /** A session unused for this many seconds ends (DASHBOARD_IDLE_MINUTES, default 30). */
  idleSeconds: number;
  /** A session ends this many seconds after sign-in (DASHBOARD_SESSION_HOURS, default 12). */
  maxAgeSeconds: number;
  /** Seconds a sign-in link from `hl-invoices user login-link` stays valid (LOGIN_LINK_MINUTES, default 60). */
  loginLinkSeconds: number;
}

export interface WebhookConfig {
  /** Let subscriptions reach loopback, private, link-local and CGNAT addresses (tests, closed networks). */
  allowPrivateNetworks: boolean;
  /** Seconds one delivery attempt may take, connection to response. */
  timeoutSeconds: number;
  /** Seconds before the first retry (then doubling, with jitter; src/domain/webhook-retry.ts). */
  retryBaseSeconds: number;
  /** No retry later than this many seconds after a delivery's first attempt: then it is `failed`. */
  retryWindowSeconds: number;
}

/** README "Limits": HighLevel's published rate limits and the edges a hostile client pushes on. 0 = off. */
export interface LimitsConfig {
  /** Requests per 10 seconds per (token, location) pair. */
  burst: number;
  /** Requests per day per (token, location) pair. */
  daily: number;
  /** Requests per minute per client address on the public pages (/i/*, /pay/*). */
  publicPerMinute: number;
  /** Dashboard sign-in attempts per minute per client address (password form and sign-in links). */
  signInPerMinute: number;
  /** Keep the rate-limit counters in Redis, shared by every API process; otherwise in this process. */
  redisUrl: string | undefined;
  /** Sends of one invoice per hour. */
  sendsPerInvoicePerHour: number;
  /** Open connections one client address may hold; more are closed at once. */
  connectionsPerAddress: number;
  /** Seconds a request may take to arrive (headers and body); a slower one is answered 408 and closed. */
  requestTimeoutSeconds: number;
}

/** The PDF render pool (src/render/pdf/render-pool.ts). */
export interface PdfConfig {
  /** Worker threads rendering PDFs at once (PDF_RENDER_THREADS). */
  threads: number;
  /** Renders that may wait for a thread; more are refused with 503 (PDF_RENDER_QUEUE). */
  queue: number;
  /** Milliseconds a render may take, waiting included, before it is aborted (PDF_RENDER_TIMEOUT_MS). */
  timeoutMs: number;
}

export interface PaymentsConfig {
  /** Stripe for live payments: key and webhook secret together, or neither (no live provider). */
  stripe: { secretKey: string; webhookSecret: string; apiUrl: string | undefined } | undefined;
}

export interface DeliveryConfig {
  /** SMTP server for live email (smtp:// or smtps://); without it every email goes to the dev outbox. */
  smtpUrl: string | undefined;
  /** The default sender, from MAIL_FROM ("Name <address>" or "address"). */
  mailFrom: { name: string; address: string };
  /** Domains we may send From (docs/send-invoice.md §3); other requested addresses become Reply-To. */
  senderDomains: string[];
  /** Twilio for live SMS; all three of SID, token and from, or none (dev outbox). */
  twilio: { accountSid: string; authToken: string; from: string; apiUrl: string | undefined } | undefined;
  /**
   * Serve /dev/outbox (the stored test-mode messages): by default only when listening on loopback;
   * DEV_OUTBOX=true serves it anywhere (a warning at start), DEV_OUTBOX=false nowhere.
   */
  devOutbox: boolean;
  /** DEV_OUTBOX=true was set: the outbox is served whatever the address, and the start says so. */
  devOutboxForced: boolean;
  /** Jobs a worker process runs at once. */
  workerConcurrency: number;
  /**
   * Seconds a delivery attempt may take before its job counts as failed and is retried (pg-boss expiry):
   * how soon the jobs of a killed worker come back. Transports time out well within it.
   */
  deliveryTimeoutSeconds: number;
  /** How often the queue looks for expired jobs and archives finished ones (pg-boss maintenance). */
  queueMaintenanceSeconds: number;
}

/** The scheduler loop of worker processes (src/jobs/scheduler.ts): schedules, reminders, late fees. */
export interface SchedulerConfig {
  /** Milliseconds between the scheduler's looks for due work (SCHEDULER_INTERVAL_MS). */
  intervalMs: number;
  /**
   * After downtime, a schedule creates every occurrence it missed (`all`, the default) or only the latest
   * (`latest`), from SCHEDULE_CATCH_UP. Never one twice either way.
   */
  catchUp: 'all' | 'latest';
}
