/**
 * HighLevel's published API limits (reference docs/oauth/Authorization.md): a burst budget per 10
 * seconds and a daily one, each counted per (token, location) pair, with the X-RateLimit-* headers
 * HighLevel sends; and a per-address budget for the public pages. Counting is @fastify/rate-limit's:
 * in this process, or in Redis (REDIS_URL) so that every API process spends one budget.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { AppError } from '../errors.ts';

/** The budgets (config.limits): 0 turns one off. */
export interface RateLimits {
  burst: number;
  daily: number;
  publicPerMinute: number;
  signInPerMinute: number;
  redisUrl: string | undefined;
}

const BURST_WINDOW_MS = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const PUBLIC_WINDOW_MS = 60_000;
/** Keys one process remembers (pairs, or addresses); the oldest are forgotten first. */
const LOCAL_KEYS = 100_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type Outcome = Awaited<ReturnType<Limiter>>;

/** The location a request acts for: the route's, or else the token's own. */
function requestLocation(request: FastifyRequest): string {
  const pick = (source: unknown, key: string): string | undefined => {
    const value = (source as Record<string, unknown> | null | undefined)?.[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const { params, query, body } = request;
  return (
    pick(params, 'locationId') ??
    pick(query, 'altId') ??
    pick(query, 'locationId') ??
    pick(body, 'altId') ??
    pick(body, 'locationId') ??
    request.auth?.locationId ??
    request.auth?.companyId ??
    ''
  );
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function tooManyRequests(reply: FastifyReply, what: string, outcome: Outcome & { isAllowed: false }) {
  const wait = seconds(outcome.ttl);
  reply.header('retry-after', String(wait));
  return new AppError(
    'too_many_requests',
    `${what} (${outcome.max}) is used up; retry in ${wait} second${wait === 1 ? '' : 's'}`,
  );
}

/**
 * Registers the limits on `app`: call before the routes. Limits set to 0 are not installed; a Redis
 * connection is opened for REDIS_URL and closed with the app. A counter that cannot be reached (Redis
 * down) lets the request through rather than failing it.
 */
export async function installRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  const { burst, daily, publicPerMinute, signInPerMinute } = limits;
  if (burst === 0 && daily === 0 && publicPerMinute === 0 && signInPerMinute === 0) return;
  const redis =
    limits.redisUrl === undefined
      ? undefined
      : new Redis(limits.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000 });
  if (redis) {
    let warned = 0;
    redis.on('error', (err: Error) => {
      // ioredis retries on its own; say so at most once a minute, never with the URL (it holds a password).
      if (Date.now() - warned < 60_000) return;
      warned = Date.now();
      app.log.warn(`rate limits: Redis unreachable (${err.message}); requests are not counted meanwhile`);
    });
    app.addHook('onClose', async () => redis.disconnect());
  }
  await app.register(rateLimit, {
    global: false,
    cache: LOCAL_KEYS,
    ...(redis ? { redis, nameSpace: 'hl-invoices:rate:' } : {}),
  });

  const pairKey = (request: FastifyRequest) => `${request.auth?.tokenId}:${requestLocation(request)}`;
  const burstLimit =
    burst > 0
      ? app.createRateLimit({
          max: burst,
          timeWindow: BURST_WINDOW_MS,
          skipOnError: true,
          keyGenerator: (r) => `burst:${pairKey(r)}`,
        })
      : undefined;
  const dailyLimit =
    daily > 0
      ? app.createRateLimit({
          max: daily,
          timeWindow: DAY_MS,
          skipOnError: true,
          keyGenerator: (r) => `day:${pairKey(r)}`,
        })
      : undefined;

  if (burstLimit || dailyLimit) {
    // After the body is parsed (POST routes name their location in it), before it is validated.
    app.addHook('preValidation', async (request, reply) => {
      if (request.auth === null) return;
      const [b, d] = await Promise.all([burstLimit?.(request), dailyLimit?.(request)]);
      if (d && !d.isAllowed) {
        reply.header('x-ratelimit-limit-daily', String(d.max));
        reply.header('x-ratelimit-daily-remaining', String(d.remaining));
      }
      if (b && !b.isAllowed) {
        reply.header('x-ratelimit-interval-milliseconds', String(BURST_WINDOW_MS));
        reply.header('x-ratelimit-max', String(b.max));
        reply.header('x-ratelimit-remaining', String(b.remaining));
      }
      if (d && !d.isAllowed && d.isExceeded) throw tooManyRequests(reply, 'the daily request limit', d);
      if (b && !b.isAllowed && b.isExceeded) {
        throw tooManyRequests(reply, 'the limit of requests per 10 seconds', b);
      }
    });
  }

  if (publicPerMinute > 0) {
    const publicLimit = app.createRateLimit({
      max: publicPerMinute,
      timeWindow: PUBLIC_WINDOW_MS,
      skipOnError: true,
      keyGenerator: (r) => `public:${r.ip}`,
    });
    app.addHook('onRequest', async (request, reply) => {
      if (!/^\/(i|e|pay)\//.test(request.url)) return;
      const outcome = await publicLimit(request);
      if (!outcome.isAllowed && outcome.isExceeded) {
        throw tooManyRequests(reply, 'the limit of page requests per minute from this address', outcome);
      }
    });
  }

  if (signInPerMinute > 0) {
    // Password guessing and link guessing: few tries per address, whatever the answers.
    const signInLimit = app.createRateLimit({
      max: signInPerMinute,
      timeWindow: PUBLIC_WINDOW_MS,
      skipOnError: true,
      keyGenerator: (r) => `sign-in:${r.ip}`,
    });
    app.addHook('onRequest', async (request, reply) => {
      const signIn =
        (request.method === 'POST' && request.url.split('?')[0] === '/app/login') ||
        (request.method === 'GET' && request.url.startsWith('/app/login/'));
      if (!signIn) return;
      const outcome = await signInLimit(request);
      if (!outcome.isAllowed && outcome.isExceeded) {
        throw tooManyRequests(reply, 'the limit of sign-in attempts per minute from this address', outcome);
      }
    });
  }
}
