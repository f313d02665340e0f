/** The dev outbox: messages delivered to the outbox transport (test mode, or no provider configured). */
import { Errors } from '../errors.ts';
import { findOutboxMessage, listOutbox, type OutboxListed, type OutboxQuery } from '../store/deliveries.ts';
import type { StoreContext } from './context.ts';

export type { OutboxListed };

export async function listOutboxMessages(ctx: StoreContext, query: OutboxQuery): Promise<OutboxListed[]> {
  return listOutbox(ctx.store.db, query);
}

/** A delivered outbox message (its content and PDF); a 404 for an unknown or undelivered one. */
export async function outboxMessage(ctx: StoreContext, id: string) {
  const row = await findOutboxMessage(ctx.store.db, id);
  if (!row) throw Errors.notFound(`Outbox message ${id} not found`);
  if (row.content === null) throw Errors.notFound(`Outbox message ${id} has not been delivered yet`);
  return { ...row, content: row.content };
}
