import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { socketDirFor } from '../../src/store/embedded.ts';

const DEFAULT_LIMITS = {
  burst: 100,
  daily: 200_000,
  publicPerMinute: 60,
  signInPerMinute: 10,
  redisUrl: undefined,
  sendsPerInvoicePerHour: 10,
  connectionsPerAddress: 50,
  requestTimeoutSeconds: 30,
};

const DEFAULT_DELIVERY = {
  smtpUrl: undefined,
  mailFrom: { name: 'Invoices', address: 'invoices@hl-invoices.local' },
  senderDomains: ['hl-invoices.local'],
  twilio: undefined,
  devOutbox: true,
  devOutboxForced: false,
  workerConcurrency: 4,
  deliveryTimeoutSeconds: 120,
  queueMaintenanceSeconds: 30,
};

const DEFAULT_PDF = { threads: 2, queue: 20, timeoutMs: 10_000 };

test('an empty environment gives the documented defaults', () => {
  assert.deepEqual(loadConfig({}), {
    port: 3000,
    host: '127.0.0.1',
    dataDir: path.resolve('.data'),
    databaseUrl: undefined,
    publicUrl: 'http://127.0.0.1:3000',
    logLevel: 'info',
    delivery: DEFAULT_DELIVERY,
    payments: { stripe: undefined },
    webhooks: {
      allowPrivateNetworks: false,
      timeoutSeconds: 10,
      retryBaseSeconds: 20,
      retryWindowSeconds: 86400,
    },
    limits: DEFAULT_LIMITS,
    pdf: DEFAULT_PDF,
    scheduler: { intervalMs: 1000, catchUp: 'all' },
    dashboard: { idleSeconds: 1800, maxAgeSeconds: 43200, loginLinkSeconds: 3600 },
  });
});

test('empty strings count as unset', () => {
  const config = loadConfig({
    PORT: '',
    HOST: ' ',
    DATA_DIR: '',
    DATABASE_URL: '',
    PUBLIC_URL: '',
    LOG_LEVEL: '',
  });
  assert.deepEqual(config, loadConfig({}));
});

test('the webhook variables are read', () => {
  const { webhooks } = loadConfig({
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_TIMEOUT_SECONDS: '3',
    WEBHOOK_RETRY_BASE_SECONDS: '0.5',
    WEBHOOK_RETRY_WINDOW_SECONDS: '3600',
  });
  assert.deepEqual(webhooks, {
    allowPrivateNetworks: true,
    timeoutSeconds: 3,
    retryBaseSeconds: 0.5,
    retryWindowSeconds: 3600,
  });
});

test('the scheduler variables are read, and a bad one is named', () => {
  const { scheduler } = loadConfig({ SCHEDULER_INTERVAL_MS: '250', SCHEDULE_CATCH_UP: 'latest' });
  assert.deepEqual(scheduler, { intervalMs: 250, catchUp: 'latest' });
  assert.throws(() => loadConfig({ SCHEDULE_CATCH_UP: 'some' }), /SCHEDULE_CATCH_UP must be all or latest/);
  assert.throws(
    () => loadConfig({ SCHEDULER_INTERVAL_MS: '10' }),
    /SCHEDULER_INTERVAL_MS must be a whole number/,
  );
});

test('every variable is read', () => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATA_DIR: '/var/lib/hl',
    DATABASE_URL: 'postgresql://u:p@db:5432/hl',
    PUBLIC_URL: 'https://invoices.example.com/',
    LOG_LEVEL: 'debug',
  });
  assert.deepEqual(config, {
    port: 8080,
    host: '0.0.0.0',
    dataDir: '/var/lib/hl',
    databaseUrl: 'postgresql://u:p@db:5432/hl',
    publicUrl: 'https://invoices.example.com',
    logLevel: 'debug',
    // Not on loopback: no dev outbox unless DEV_OUTBOX=true.
    delivery: { ...DEFAULT_DELIVERY, devOutbox: false },
    payments: { stripe: undefined },
    webhooks: {
      allowPrivateNetworks: false,
      timeoutSeconds: 10,
      retryBaseSeconds: 20,
      retryWindowSeconds: 86400,
    },
    limits: DEFAULT_LIMITS,
    pdf: DEFAULT_PDF,
    scheduler: { intervalMs: 1000, catchUp: 'all' },
    dashboard: { idleSeconds: 1800, maxAgeSeconds: 43200, loginLinkSeconds: 3600 },
  });
});

test('the dev outbox is served on loopback by default, elsewhere only with DEV_OUTBOX=true', () => {
  const outbox = (env: Record<string, string>) => {
    const { devOutbox, devOutboxForced } = loadConfig(env).delivery;
    return { devOutbox, devOutboxForced };
  };
  for (const host of ['127.0.0.1', '::1', 'localhost']) {
    assert.deepEqual(outbox({ HOST: host }), { devOutbox: true, devOutboxForced: false });
  }
  for (const host of ['0.0.0.0', '::', '10.0.0.5']) {
    assert.deepEqual(outbox({ HOST: host }), { devOutbox: false, devOutboxForced: false });
  }
  assert.deepEqual(outbox({ HOST: '0.0.0.0', DEV_OUTBOX: 'true' }), {
    devOutbox: true,
    devOutboxForced: true,
  });
  assert.deepEqual(outbox({ DEV_OUTBOX: 'false' }), { devOutbox: false, devOutboxForced: false });
});

test('limits: rate limits, Redis, connections per address, request timeout', () => {
  assert.deepEqual(
    loadConfig({
      RATE_LIMIT_BURST: '0',
      RATE_LIMIT_DAILY: '500',
      RATE_LIMIT_PUBLIC: '10',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      SEND_LIMIT_PER_HOUR: '0',
      MAX_CONNECTIONS_PER_ADDRESS: '5',
      REQUEST_TIMEOUT_SECONDS: '3',
    }).limits,
    {
      burst: 0,
      daily: 500,
      publicPerMinute: 10,
      signInPerMinute: 10,
      redisUrl: 'redis://127.0.0.1:6379/2',
      sendsPerInvoicePerHour: 0,
      connectionsPerAddress: 5,
      requestTimeoutSeconds: 3,
    },
  );
  for (const [env, message] of [
    [{ RATE_LIMIT_BURST: '-1' }, /RATE_LIMIT_BURST must be a whole number from 0/],
    [{ RATE_LIMIT_DAILY: 'lots' }, /RATE_LIMIT_DAILY must be a whole number/],
    [{ RATE_LIMIT_PUBLIC: '1.5' }, /RATE_LIMIT_PUBLIC must be a whole number/],
    [{ REDIS_URL: 'http://cache' }, /REDIS_URL must start with redis: or rediss:/],
    [{ MAX_CONNECTIONS_PER_ADDRESS: 'x' }, /MAX_CONNECTIONS_PER_ADDRESS must be a whole number/],
    [{ REQUEST_TIMEOUT_SECONDS: '0' }, /REQUEST_TIMEOUT_SECONDS must be a whole number from 1 to 3600/],
  ] as const) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && message.test(err.message),
    );
  }
});

test('PUBLIC_URL defaults to a reachable address, never a wildcard one', () => {
  assert.equal(loadConfig({ HOST: '0.0.0.0', PORT: '4000' }).publicUrl, 'http://127.0.0.1:4000');
  assert.equal(loadConfig({ HOST: '::1', PORT: '4000' }).publicUrl, 'http://[::1]:4000');
  assert.equal(loadConfig({ PORT: '0' }).port, 0);
});

const bad: [Record<string, string>, string][] = [
  [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535, got "abc"'],
  [{ PORT: '65536' }, 'PORT must be a whole number from 0 to 65535, got "65536"'],
  [{ PORT: '-1' }, 'PORT must be a whole number from 0 to 65535, got "-1"'],
  [{ PORT: '80.5' }, 'PORT must be a whole number from 0 to 65535, got "80.5"'],
  [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL (postgres: or postgresql:), got "not a url"'],
  [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must start with postgres: or postgresql:, got "mysql:"'],
  [{ PUBLIC_URL: 'example.com' }, 'PUBLIC_URL must be a URL (http: or https:), got "example.com"'],
  [{ PUBLIC_URL: 'ftp://example.com' }, 'PUBLIC_URL must start with http: or https:, got "ftp:"'],
  [{ PDF_RENDER_THREADS: '0' }, 'PDF_RENDER_THREADS must be a whole number from 1 to 64, got "0"'],
  [{ PDF_RENDER_QUEUE: 'many' }, 'PDF_RENDER_QUEUE must be a whole number from 0 to 10000, got "many"'],
  [
    { PDF_RENDER_TIMEOUT_MS: '50' },
    'PDF_RENDER_TIMEOUT_MS must be a whole number from 100 to 600000, got "50"',
  ],
  [
    { LOG_LEVEL: 'verbose' },
    'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
  ],
  [
    { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' },
    'WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false, got "yes"',
  ],
  [
    { WEBHOOK_TIMEOUT_SECONDS: '0' },
    'WEBHOOK_TIMEOUT_SECONDS must be a number of seconds from 1 to 60, got "0"',
  ],
  [
    { WEBHOOK_RETRY_BASE_SECONDS: 'soon' },
    'WEBHOOK_RETRY_BASE_SECONDS must be a number of seconds from 0.01 to 3600, got "soon"',
  ],
  [
    { WEBHOOK_RETRY_WINDOW_SECONDS: '0' },
    'WEBHOOK_RETRY_WINDOW_SECONDS must be a number of seconds from 1 to 604800, got "0"',
  ],
];

for (const [env, message] of bad) {
  test(`${Object.keys(env)[0]}=${Object.values(env)[0]} is refused with a message naming it`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.message === message,
    );
  });
}

test('delivery settings: SMTP, sender, Twilio, outbox, concurrency', () => {
  const { delivery } = loadConfig({
    SMTP_URL: 'smtp://mail.example.com:587',
    MAIL_FROM: 'Acme Billing <billing@acme.test>',
    SENDER_DOMAINS: 'acme.test, Example.COM',
    TWILIO_ACCOUNT_SID: 'AC123',
    TWILIO_AUTH_TOKEN: 'secret',
    TWILIO_FROM: '+15005550006',
    TWILIO_API_URL: 'http://127.0.0.1:9999',
    DEV_OUTBOX: 'false',
    WORKER_CONCURRENCY: '8',
    DELIVERY_TIMEOUT_SECONDS: '45',
    QUEUE_MAINTENANCE_SECONDS: '5',
  });
  assert.deepEqual(delivery, {
    smtpUrl: 'smtp://mail.example.com:587',
    mailFrom: { name: 'Acme Billing', address: 'billing@acme.test' },
    senderDomains: ['acme.test', 'example.com'],
    twilio: {
      accountSid: 'AC123',
      authToken: 'secret',
      from: '+15005550006',
      apiUrl: 'http://127.0.0.1:9999',
    },
    devOutbox: false,
    devOutboxForced: false,
    workerConcurrency: 8,
    deliveryTimeoutSeconds: 45,
    queueMaintenanceSeconds: 5,
  });
  assert.deepEqual(loadConfig({ MAIL_FROM: 'ops@acme.test' }).delivery.mailFrom, {
    name: '',
    address: 'ops@acme.test',
  });
  assert.deepEqual(loadConfig({ MAIL_FROM: 'ops@acme.test' }).delivery.senderDomains, ['acme.test']);
});

test('bad delivery settings stop the start with a message naming the variable', () => {
  for (const [env, message] of [
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL must start with smtp: or smtps:/],
    [{ MAIL_FROM: 'not an address' }, /MAIL_FROM must be/],
    [{ SENDER_DOMAINS: 'acme.test,no spaces' }, /SENDER_DOMAINS/],
    [{ TWILIO_ACCOUNT_SID: 'AC1' }, /TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM/],
    [{ DEV_OUTBOX: 'yes' }, /DEV_OUTBOX must be true or false/],
    [{ WORKER_CONCURRENCY: '0' }, /WORKER_CONCURRENCY/],
    [
      { DELIVERY_TIMEOUT_SECONDS: '4' },
      /DELIVERY_TIMEOUT_SECONDS must be a whole number from 5 to 3600, got "4"/,
    ],
    [
      { DELIVERY_TIMEOUT_SECONDS: '2m' },
      /DELIVERY_TIMEOUT_SECONDS must be a whole number from 5 to 3600, got "2m"/,
    ],
    [
      { QUEUE_MAINTENANCE_SECONDS: '0' },
      /QUEUE_MAINTENANCE_SECONDS must be a whole number from 1 to 3600, got "0"/,
    ],
    [
      { QUEUE_MAINTENANCE_SECONDS: '1.5' },
      /QUEUE_MAINTENANCE_SECONDS must be a whole number from 1 to 3600, got "1.5"/,
    ],
  ] as const) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && message.test(err.message),
    );
  }
});

test('payment settings: Stripe key, webhook secret and API URL', () => {
  assert.deepEqual(
    loadConfig({
      STRIPE_SECRET_KEY: ' sk_test_123 ',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_API_URL: 'http://127.0.0.1:12111',
    }).payments,
    { stripe: { secretKey: 'sk_test_123', webhookSecret: 'whsec_abc', apiUrl: 'http://127.0.0.1:12111' } },
  );
  assert.deepEqual(
    loadConfig({ STRIPE_SECRET_KEY: 'sk_live_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }).payments,
    {
      stripe: { secretKey: 'sk_live_1', webhookSecret: 'whsec_1', apiUrl: undefined },
    },
  );
  assert.deepEqual(loadConfig({ STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: ' ' }).payments, {
    stripe: undefined,
  });
  // Only used with a key: on its own it changes nothing.
  assert.deepEqual(loadConfig({ STRIPE_API_URL: 'https://stripe.internal/' }).payments, {
    stripe: undefined,
  });
});

test('bad payment settings stop the start with a message naming the variable', () => {
  const both = /set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or neither/;
  for (const [env, message] of [
    [{ STRIPE_SECRET_KEY: 'sk_test_1' }, both],
    [{ STRIPE_WEBHOOK_SECRET: 'whsec_1' }, both],
    [
      { STRIPE_API_URL: 'stripe.local' },
      /STRIPE_API_URL must be a URL \(http: or https:\), got "stripe.local"/,
    ],
    [{ STRIPE_API_URL: 'ftp://stripe.local' }, /STRIPE_API_URL must start with http: or https:, got "ftp:"/],
    [{ STRIPE_API_URL: 'http://127.0.0.1:1/v1' }, /STRIPE_API_URL must be a base URL with no path/],
  ] as const) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && message.test(err.message),
    );
  }
});

test('the embedded PostgreSQL gets a Unix socket in its data directory when the path fits, else TCP only', () => {
  assert.equal(socketDirFor('/tmp/data/pg', 54321), '/tmp/data/pg');
  // The socket path (directory + "/.s.PGSQL.54321") must fit the kernel's 107 bytes.
  const long = `/tmp/${'d'.repeat(88)}`; // 108 bytes with the socket name
  assert.equal(socketDirFor(long, 54321), undefined);
  assert.equal(socketDirFor(long.slice(0, -1), 54321), long.slice(0, -1));
});

test('PDF render pool settings', () => {
  const { pdf } = loadConfig({
    PDF_RENDER_THREADS: '4',
    PDF_RENDER_QUEUE: '0',
    PDF_RENDER_TIMEOUT_MS: '2500',
  });
  assert.deepEqual(pdf, { threads: 4, queue: 0, timeoutMs: 2500 });
});
