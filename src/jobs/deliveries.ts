/** Creating delivery rows together with their jobs, for the send route. */
import type { Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import { objectId } from '../domain/ids.ts';
import type { Database, DeliveryChannel, DeliveryTransport } from '../store/schema.ts';
import { enqueueDelivery } from './queue.ts';

export interface NewDelivery {
  invoiceId: string;
  locationId: string;
  sendEventId: string | null;
  channel: DeliveryChannel;
  transport: DeliveryTransport;
  recipient: string;
  /** What the send asked for (action, sentFrom, userId, ...), kept for the worker and for history. */
  request?: Record<string, unknown>;
}

/** Email Message-IDs carry angle brackets (RFC 5322); SMS ids are the bare delivery id. */
export function messageIdFor(id: string, channel: DeliveryChannel): string {
  return channel === 'email' ? `<${id}@hl-invoices.local>` : id;
}

export interface DeliveryQueue {
  /** Inserts the delivery and queues its job in `trx`: both commit or neither does. */
  createDelivery(trx: Transaction<Database>, input: NewDelivery): Promise<{ id: string; messageId: string }>;
}

export function deliveryQueue(boss: PgBoss): DeliveryQueue {
  return {
    async createDelivery(trx, input) {
      const id = objectId();
      const messageId = messageIdFor(id, input.channel);
      await trx
        .insertInto('deliveries')
        .values({
          id,
          invoice_id: input.invoiceId,
          location_id: input.locationId,
          send_event_id: input.sendEventId,
          channel: input.channel,
          transport: input.transport,
          recipient: input.recipient,
          message_id: messageId,
          request: JSON.stringify(input.request ?? {}),
        })
        .execute();
      await enqueueDelivery(trx, boss, { id, channel: input.channel });
      return { id, messageId };
    },
  };
}
