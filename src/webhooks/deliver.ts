/**
 * One attempt of a subscription's first pending delivery, in one transaction that holds the
 * subscription's row (so its deliveries go one at a time, in order): the target checked again, the
 * signed POST, then the attempt's log row, the delivery's new state and the next wake-up. A worker killed
 * mid-attempt leaves nothing: the delivery is tried again, with the same webhookId and body.
 */
import { type AttemptResult, isRetryable, nextAttemptAt } from '../domain/webhook-retry.ts';
import type { Tx } from '../store/db.ts';
import { type HeadDelivery, headDelivery, recordAttempt } from '../store/webhook-deliveries.ts';
import { findSubscription, lockSubscription } from '../store/webhooks.ts';
import type { WebhookContext } from './context.ts';
import { postWebhook } from './post.ts';
import { signBody, signingKey } from './signing.ts';
import { checkTarget, TargetRefused, TargetUnresolved } from './target.ts';

export const SIGNATURE_HEADER = 'x-ghl-signature';

/** How long a worker waits before looking again at a subscription another worker is sending. */
const BUSY_RETRY_MS = 1000;

async function attempt(ctx: WebhookContext, url: string, head: HeadDelivery): Promise<AttemptResult> {
  let target: Awaited<ReturnType<typeof checkTarget>>;
  try {
    target = await checkTarget(url, ctx.config.allowPrivateNetworks);
  } catch (error) {
    if (error instanceof TargetRefused) return { kind: 'refused', error: error.message };
    if (error instanceof TargetUnresolved) return { kind: 'network', error: error.message };
    throw error;
  }
  const body = Buffer.from(head.body, 'utf8');
  const signature = signBody(await signingKey(ctx.store), body);
  return postWebhook(target, body, { [SIGNATURE_HEADER]: signature }, ctx.config.timeoutSeconds * 1000);
}

function describe(result: AttemptResult): { code: number | null; error: string | null } {
  switch (result.kind) {
    case 'delivered':
      return { code: result.status, error: null };
    case 'http':
      return {
        code: result.status,
        error:
          result.status >= 300 && result.status < 400
            ? `answered ${result.status}: redirects are not followed`
            : `answered ${result.status}`,
      };
    default:
      return { code: null, error: result.error };
  }
}

async function settle(ctx: WebhookContext, trx: Tx, head: HeadDelivery, result: AttemptResult, ms: number) {
  const attemptNo = head.attempts + 1;
  const now = new Date();
  const first = head.first_attempt_at ?? new Date(now.getTime() - ms);
  const schedule = {
    baseSeconds: ctx.config.retryBaseSeconds,
    maxDelaySeconds: 6 * 3600,
    windowSeconds: ctx.config.retryWindowSeconds,
  };
  const next =
    result.kind !== 'delivered' && isRetryable(result)
      ? nextAttemptAt(schedule, attemptNo, first, now, Math.random())
      : null;
  const status = result.kind === 'delivered' ? 'delivered' : next ? 'pending' : 'failed';
  const { code, error } = describe(result);
  await recordAttempt(trx, {
    deliveryId: head.id,
    attempt: attemptNo,
    status,
    responseCode: code,
    latencyMs: Math.round(ms),
    error: status === 'failed' && next === null && isRetryable(result) ? `${error}; retries used up` : error,
    firstAttemptAt: first,
    nextAttemptAt: next,
  });
  return next;
}

/**
 * Sends the subscription's first pending delivery if it is due. Another worker on the subscription: look
 * again in a second. Not due yet: wake at its time.
 */
export async function sendNextDelivery(ctx: WebhookContext, subscriptionId: string): Promise<void> {
  await ctx.store.db.transaction().execute(async (trx) => {
    const subscription = await lockSubscription(trx, subscriptionId);
    if (!subscription) {
      // Held by another worker, unless it was removed.
      if (await findSubscription(trx, subscriptionId))
        await ctx.jobs?.wake(trx, subscriptionId, new Date(Date.now() + BUSY_RETRY_MS));
      return;
    }
    const head = await headDelivery(trx, subscriptionId);
    if (!head) return;
    if (!head.due) {
      await ctx.jobs?.wake(trx, subscriptionId, head.next_attempt_at);
      return;
    }
    const started = performance.now();
    const result = await attempt(ctx, subscription.url, head);
    const next = await settle(ctx, trx, head, result, performance.now() - started);
    await ctx.jobs?.wake(trx, subscriptionId, next ?? undefined);
  });
}
