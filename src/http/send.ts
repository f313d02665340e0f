/**
 * POST /invoices/{invoiceId}/send (../shared/spec/send-invoice.md). Checks run in the spec's order; the
 * status change, the history record, the deliveries with their jobs, the InvoiceSent event and the
 * idempotency record commit in one transaction, with the invoice row locked. Workers deliver after commit.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Kysely, sql } from 'kysely';
import { normalisePhone } from '../delivery/sms.ts';
import { objectId } from '../domain/ids.ts';
import { planSend } from '../domain/send.ts';
import { AppError, Errors } from '../errors.ts';
import type { DeliveryQueue } from '../jobs/deliveries.ts';
import { findInvoice, recordEvent, type StoredInvoice, takeInvoiceNumber } from '../store/invoices.ts';
import type { Database } from '../store/schema.ts';
import { authorizeLocation } from './auth.ts';
import { toInvoiceResponse } from './invoice-view.ts';
import { type ChannelData, InvoiceParams, SendInvoiceBody, SendInvoiceResponse } from './send-schemas.ts';

const IDEMPOTENCY_TTL = sql`interval '24 hours'`;

export interface Transports {
  /** Whether live messages can leave the machine; test mode always uses the outbox. */
  smtp: boolean;
  twilio: boolean;
}

class Replay extends Error {}

function requestHash(invoiceId: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([invoiceId, body]))
    .digest('hex');
}

function idempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (
    typeof header !== 'string' ||
    header.length === 0 ||
    header.length > 255 ||
    !/^[\x21-\x7e]+$/.test(header)
  ) {
    throw Errors.unprocessable('Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return header;
}

async function storedResponse(db: Kysely<Database>, locationId: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('location_id', '=', locationId)
    .where('key', '=', key)
    .where('created_at', '>', sql<Date>`now() - ${IDEMPOTENCY_TTL}`)
    .executeTakeFirst();
}

function contactOf(found: StoredInvoice) {
  const c = found.invoice.contact_details as { email?: string; phoneNo?: string };
  const email = typeof c.email === 'string' && c.email.trim() !== '' ? c.email.trim() : null;
  const rawPhone = typeof c.phoneNo === 'string' && c.phoneNo.trim() !== '' ? c.phoneNo : null;
  return { email, rawPhone };
}

const sendRoutes: FastifyPluginAsyncTypebox<{ queue: DeliveryQueue; transports: Transports }> = async (
  app,
  opts,
) => {
  const { store } = app;
  const { queue, transports } = opts;

  app.post(
    '/invoices/:invoiceId/send',
    {
      schema: {
        tags: ['Invoices'],
        summary: 'Send an invoice by email, SMS, both, or mark it sent',
        params: InvoiceParams,
        body: SendInvoiceBody,
        response: { 200: SendInvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request, reply) => {
      const body = request.body;
      const { invoiceId } = request.params;
      const key = idempotencyKey(request.headers['idempotency-key']);
      const auth = await authorizeLocation(store, request, body.altId);
      const hash = requestHash(invoiceId, body);

      if (key) {
        const previous = await storedResponse(store.db, body.altId, key);
        if (previous) return replay(previous, hash, reply);
      }

      try {
        return await store.db.transaction().execute(async (trx) => {
          const found = await findInvoice(trx, body.altId, invoiceId, { forUpdate: true });
          if (!found) throw Errors.invoiceNotFound();
          const member = await trx
            .selectFrom('user_locations')
            .select('user_id')
            .where('user_id', '=', body.userId)
            .where('location_id', '=', body.altId)
            .executeTakeFirst();
          if (!member)
            throw Errors.badRequest(`userId ${body.userId} is not a user of location ${body.altId}`);

          const { email, rawPhone } = contactOf(found);
          const plan = planSend(found.invoice.status, body.action, { email, phone: rawPhone });
          let phone: string | null = null;
          if (plan.sms === 'send') {
            phone = normalisePhone(rawPhone!);
            if (phone === null) {
              throw Errors.badRequest(
                `contactDetails.phoneNo "${rawPhone}" is not a phone number in E.164 form (e.g. +14155550123)`,
              );
            }
          }
          if (body.autoPayment?.enable) {
            const method = body.autoPayment.paymentMethodId ?? body.autoPayment.cardId;
            // No payment provider has saved methods yet, so no method can be one it knows (spec section 4).
            throw Errors.unprocessable(
              method === undefined
                ? 'autoPayment.paymentMethodId or autoPayment.cardId is required when autoPayment.enable is true'
                : `autoPayment: payment method ${method} is not known for customer ${body.autoPayment.customerId ?? '(none)'}`,
            );
          }

          const now = new Date();
          const invoiceNumber = found.invoice.invoice_number ?? (await takeInvoiceNumber(trx, body.altId));
          await trx
            .updateTable('invoices')
            .set({
              status: plan.statusAfter,
              live_mode: body.liveMode,
              invoice_number: invoiceNumber,
              sent_at: found.invoice.sent_at ?? now,
              ...(body.autoPayment ? { auto_payment: JSON.stringify(body.autoPayment) } : {}),
              updated_at: now,
            })
            .where('id', '=', invoiceId)
            .execute();

          const sendId = objectId();
          const channel = async (
            kind: 'email' | 'sms',
            planned: typeof plan.email,
            recipient: string | null,
          ) => {
            if (planned !== 'send') {
              const data: ChannelData = { status: planned };
              if (planned === 'skipped')
                data.reason = kind === 'email' ? 'contact has no email' : 'contact has no phone number';
              return data;
            }
            const live = body.liveMode && (kind === 'email' ? transports.smtp : transports.twilio);
            const transport = live ? (kind === 'email' ? 'smtp' : 'twilio') : 'outbox';
            const delivery = await queue.createDelivery(trx, {
              invoiceId,
              locationId: body.altId,
              sendEventId: sendId,
              channel: kind,
              transport,
              recipient: recipient!,
              request: { action: body.action, sentFrom: body.sentFrom ?? null, userId: body.userId },
            });
            return {
              status: 'queued',
              recipient: recipient!,
              messageId: delivery.messageId,
              deliveryId: delivery.id,
              transport,
            } satisfies ChannelData;
          };
          const emailData = await channel('email', plan.email, email);
          const smsData = await channel('sms', plan.sms, phone);

          await recordEvent(trx, {
            invoiceId,
            locationId: body.altId,
            type: 'sent',
            actor: { tokenId: auth.tokenId, userId: body.userId },
            data: {
              sendId,
              action: body.action,
              liveMode: body.liveMode,
              statusBefore: found.invoice.status,
              statusAfter: plan.statusAfter,
              email: emailData,
              sms: smsData,
              // spec: sentFrom is ignored by send_manually
              sentFrom: body.action === 'send_manually' ? null : (body.sentFrom ?? null),
            },
          });

          const after = (await findInvoice(trx, body.altId, invoiceId))!;
          const invoice = toInvoiceResponse(after);
          await trx
            .insertInto('webhook_events')
            .values({
              location_id: body.altId,
              type: 'InvoiceSent',
              payload: JSON.stringify({
                ...invoice,
                invoiceNumber: String(invoice.invoiceNumber),
                type: 'InvoiceSent',
                locationId: body.altId,
              }),
            })
            .execute();

          const response = { invoice, emailData, smsData };
          if (key) {
            const saved = await trx
              .insertInto('idempotency_keys')
              .values({
                location_id: body.altId,
                key,
                operation: 'send-invoice',
                request_hash: hash,
                status_code: 200,
                response: JSON.stringify(response),
              })
              .onConflict((oc) =>
                oc
                  .columns(['location_id', 'key'])
                  .doUpdateSet({
                    operation: 'send-invoice',
                    request_hash: hash,
                    status_code: 200,
                    response: JSON.stringify(response),
                    created_at: now,
                  })
                  .where('idempotency_keys.created_at', '<=', sql<Date>`now() - ${IDEMPOTENCY_TTL}`),
              )
              .returning('key')
              .executeTakeFirst();
            // A live record under this key was written by a concurrent request: undo ours, answer with its.
            if (!saved) throw new Replay();
          }
          return response;
        });
      } catch (err) {
        if (err instanceof Replay && key) {
          const previous = await storedResponse(store.db, body.altId, key);
          if (previous) return replay(previous, hash, reply);
        }
        throw err;
      }
    },
  );
};

function replay(
  previous: { request_hash: string; status_code: number; response: unknown },
  hash: string,
  reply: { status(code: number): unknown; header(name: string, value: string): unknown },
) {
  if (previous.request_hash !== hash) {
    throw new AppError(
      'unprocessable',
      'Idempotency-Key was already used with a different request body; use a new key for a different request',
    );
  }
  reply.status(previous.status_code);
  reply.header('idempotent-replayed', 'true');
  return previous.response as SendInvoiceResponse;
}

export default sendRoutes;
