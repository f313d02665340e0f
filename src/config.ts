import path from 'node:path';

import type {
  Config,
  DeliveryConfig,
  LimitsConfig,
  LogLevel,
  PaymentsConfig,
  PdfConfig,
  SchedulerConfig,
  WebhookConfig,
} from './config/types.ts';

export type {
  Config,
  DeliveryConfig,
  LimitsConfig,
  LogLevel,
  PaymentsConfig,
  PdfConfig,
  SchedulerConfig,
  WebhookConfig,
} from './config/types.ts';

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
    scheduler: loadSchedulerConfig(env),
    dashboard: {
      idleSeconds: 60 * wholeNumber(env, 'DASHBOARD_IDLE_MINUTES', 30, 1, 7 * 24 * 60),
      maxAgeSeconds: 3600 * wholeNumber(env, 'DASHBOARD_SESSION_HOURS', 12, 1, 24 * 90),
      loginLinkSeconds: 60 * wholeNumber(env, 'LOGIN_LINK_MINUTES', 60, 1, 7 * 24 * 60),
    },
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
    signInPerMinute: wholeNumber(env, 'RATE_LIMIT_SIGN_IN', 10, 0, 1_000_000),
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

function loadSchedulerConfig(env: NodeJS.ProcessEnv): SchedulerConfig {
  const catchUp = set(env.SCHEDULE_CATCH_UP) ?? 'all';
  if (catchUp !== 'all' && catchUp !== 'latest') {
    throw new ConfigError(`SCHEDULE_CATCH_UP must be all or latest, got "${env.SCHEDULE_CATCH_UP}"`);
  }
  return { intervalMs: wholeNumber(env, 'SCHEDULER_INTERVAL_MS', 1000, 50, 600_000), catchUp };
}
