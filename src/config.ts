import path from 'node:path';

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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function parseUrl(name: string, raw: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(' or ')}), got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw;
}

/**
 * The host part of an http:// address that reaches a server listening on `host`: a wildcard address
 * (0.0.0.0, ::) is not one to connect to, so it is shown as 127.0.0.1; IPv6 addresses get brackets.
 */
export function urlHost(host: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return shown.includes(':') ? `[${shown}]` : shown;
}

/** Reads the environment once, at start: a bad value stops the process with a message that names it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT, 3000);
  const host = env.HOST && env.HOST.trim() !== '' ? env.HOST.trim() : '127.0.0.1';
  const dataDir = path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : '.data');
  const databaseUrl =
    env.DATABASE_URL && env.DATABASE_URL !== ''
      ? parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'])
      : undefined;
  const publicUrl = (
    env.PUBLIC_URL && env.PUBLIC_URL !== ''
      ? parseUrl('PUBLIC_URL', env.PUBLIC_URL, ['http:', 'https:'])
      : `http://${urlHost(host)}:${port}`
  ).replace(/\/+$/, '');
  const logLevel = (env.LOG_LEVEL && env.LOG_LEVEL !== '' ? env.LOG_LEVEL : 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    publicUrl,
    logLevel,
    delivery: loadDeliveryConfig(env, host),
    payments: loadPaymentsConfig(env),
    webhooks: loadWebhookConfig(env),
    limits: loadLimitsConfig(env),
    pdf: loadPdfConfig(env),
  };
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = set(env[name]);
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function loadPdfConfig(env: NodeJS.ProcessEnv): PdfConfig {
  return {
    threads: wholeNumber(env, 'PDF_RENDER_THREADS', 2, 1, 64),
    queue: wholeNumber(env, 'PDF_RENDER_QUEUE', 20, 0, 10_000),
    timeoutMs: wholeNumber(env, 'PDF_RENDER_TIMEOUT_MS', 10_000, 100, 600_000),
  };
}

function loadLimitsConfig(env: NodeJS.ProcessEnv): LimitsConfig {
  const redisUrl = set(env.REDIS_URL) && parseUrl('REDIS_URL', set(env.REDIS_URL)!, ['redis:', 'rediss:']);
  return {
    burst: wholeNumber(env, 'RATE_LIMIT_BURST', 100, 0, 1_000_000),
    daily: wholeNumber(env, 'RATE_LIMIT_DAILY', 200_000, 0, 1_000_000_000),
    publicPerMinute: wholeNumber(env, 'RATE_LIMIT_PUBLIC', 60, 0, 1_000_000),
    redisUrl,
    sendsPerInvoicePerHour: wholeNumber(env, 'SEND_LIMIT_PER_HOUR', 10, 0, 1_000_000),
    connectionsPerAddress: wholeNumber(env, 'MAX_CONNECTIONS_PER_ADDRESS', 50, 0, 100_000),
    requestTimeoutSeconds: wholeNumber(env, 'REQUEST_TIMEOUT_SECONDS', 30, 1, 3600),
  };
}

const set = (value: string | undefined): string | undefined =>
  value !== undefined && value.trim() !== '' ? value.trim() : undefined;

function parseMailFrom(raw: string): { name: string; address: string } {
  const match = /^\s*(?:"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+))\s*$/.exec(raw);
  if (!match)
    throw new ConfigError(`MAIL_FROM must be "Name <address@domain>" or "address@domain", got "${raw}"`);
  return { name: (match[1] ?? '').trim(), address: (match[2] ?? match[3])! };
}

function loadDeliveryConfig(env: NodeJS.ProcessEnv, host: string): DeliveryConfig {
  const smtpUrl = set(env.SMTP_URL) && parseUrl('SMTP_URL', set(env.SMTP_URL)!, ['smtp:', 'smtps:']);
  const mailFrom = parseMailFrom(set(env.MAIL_FROM) ?? 'Invoices <invoices@hl-invoices.local>');
  const senderDomains = (set(env.SENDER_DOMAINS) ?? mailFrom.address.split('@')[1]!)
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d !== '');
  for (const domain of senderDomains) {
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(domain)) {
      throw new ConfigError(`SENDER_DOMAINS must be a comma-separated list of domains, got "${domain}"`);
    }
  }
  const sid = set(env.TWILIO_ACCOUNT_SID);
  const token = set(env.TWILIO_AUTH_TOKEN);
  const from = set(env.TWILIO_FROM);
  const given = [sid, token, from].filter((v) => v !== undefined).length;
  if (given !== 0 && given !== 3) {
    throw new ConfigError(
      'set all of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM, or none of them',
    );
  }
  const apiUrl =
    set(env.TWILIO_API_URL) && parseUrl('TWILIO_API_URL', set(env.TWILIO_API_URL)!, ['http:', 'https:']);
  const devOutbox = set(env.DEV_OUTBOX);
  if (devOutbox !== undefined && devOutbox !== 'true' && devOutbox !== 'false') {
    throw new ConfigError(`DEV_OUTBOX must be true or false, got "${env.DEV_OUTBOX}"`);
  }
  return {
    smtpUrl,
    mailFrom,
    senderDomains,
    twilio: sid && token && from ? { accountSid: sid, authToken: token, from, apiUrl } : undefined,
    devOutbox: devOutbox === 'true' || (devOutbox === undefined && isLoopbackHost(host)),
    devOutboxForced: devOutbox === 'true',
    workerConcurrency: wholeNumber(env, 'WORKER_CONCURRENCY', 4, 1, 100),
    deliveryTimeoutSeconds: wholeNumber(env, 'DELIVERY_TIMEOUT_SECONDS', 120, 5, 3600),
    queueMaintenanceSeconds: wholeNumber(env, 'QUEUE_MAINTENANCE_SECONDS', 30, 1, 3600),
  };
}

function loadPaymentsConfig(env: NodeJS.ProcessEnv): PaymentsConfig {
  const secretKey = set(env.STRIPE_SECRET_KEY);
  const webhookSecret = set(env.STRIPE_WEBHOOK_SECRET);
  if ((secretKey === undefined) !== (webhookSecret === undefined)) {
    throw new ConfigError('set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or neither');
  }
  const rawApiUrl = set(env.STRIPE_API_URL);
  let apiUrl: string | undefined;
  if (rawApiUrl !== undefined) {
    apiUrl = parseUrl('STRIPE_API_URL', rawApiUrl, ['http:', 'https:']);
    // The SDK takes a protocol, host and port; it always adds the /v1/... path itself.
    const url = new URL(apiUrl);
    if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
      throw new ConfigError(`STRIPE_API_URL must be a base URL with no path, got "${rawApiUrl}"`);
    }
  }
  return { stripe: secretKey && webhookSecret ? { secretKey, webhookSecret, apiUrl } : undefined };
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: string, min: number, max: number): number {
  const raw = set(env[name]) ?? fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number of seconds from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function loadWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const allow = set(env.WEBHOOK_ALLOW_PRIVATE_NETWORKS) ?? 'false';
  if (allow !== 'true' && allow !== 'false') {
    throw new ConfigError(
      `WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false, got "${env.WEBHOOK_ALLOW_PRIVATE_NETWORKS}"`,
    );
  }
  return {
    allowPrivateNetworks: allow === 'true',
    timeoutSeconds: seconds(env, 'WEBHOOK_TIMEOUT_SECONDS', '10', 1, 60),
    retryBaseSeconds: seconds(env, 'WEBHOOK_RETRY_BASE_SECONDS', '20', 0.01, 3600),
    retryWindowSeconds: seconds(env, 'WEBHOOK_RETRY_WINDOW_SECONDS', '86400', 1, 7 * 86400),
  };
}
