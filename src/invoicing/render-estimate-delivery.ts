/**
 * What a worker sends for an estimate's delivery (deliveries.estimate_id, migration 017): the estimate as
 * it is now, as an email or an SMS with its customer page's link (/e/{token}); and the envelope every
 * delivery's email shares (From, Reply-To, To).
 */
import type { DeliveryConfig } from '../config.ts';
import type { EmailMessage, SmsMessage } from '../delivery/types.ts';
import { chooseSender } from '../domain/sender.ts';
import {
  type EstimateMessageModel,
  renderEstimateEmail,
  renderEstimateSms,
} from '../render/estimate-messages.tsx';
import type { Store } from '../store/db.ts';
import { findEstimate } from '../store/estimates.ts';
import type { DeliveryRow } from '../store/schema.ts';
import { locationBusinessDefaults } from '../store/tenants.ts';

export type RendererConfig = {
  publicUrl: string;
  delivery: Pick<DeliveryConfig, 'mailFrom' | 'senderDomains'>;
};

export const gone = (what: string) =>
  Object.assign(new Error(`the ${what} no longer exists`), { retryable: false });

/** From (sentFrom within SENDER_DOMAINS, else the default with a Reply-To), To, and the Message-ID. */
export function emailEnvelope(
  delivery: DeliveryRow,
  business: { name: string; email: string | null },
  config: RendererConfig,
) {
  const sender = chooseSender({
    requested: delivery.request.sentFrom ?? undefined,
    locationDefaults: business,
    defaultFrom: config.delivery.mailFrom,
    senderDomains: config.delivery.senderDomains,
  });
  return {
    fromName: sender.from.name,
    envelope: {
      messageId: delivery.message_id,
      from: sender.from,
      ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
      to: [delivery.recipient],
    },
  };
}

const text = (value: string | undefined) => (value?.trim() ? value : undefined);

export async function renderEstimateDelivery(
  store: Store,
  config: RendererConfig,
  delivery: DeliveryRow,
): Promise<EmailMessage | SmsMessage> {
  const row = await findEstimate(store.db, delivery.location_id, delivery.estimate_id ?? '');
  if (!row) throw gone('estimate');
  const location = await locationBusinessDefaults(store.db, row.location_id);
  const f = row.fields;
  const logoUrl = text(f.businessDetails.logoUrl);
  const model: EstimateMessageModel = {
    business: { name: text(f.businessDetails.name) ?? location.name, ...(logoUrl ? { logoUrl } : {}) },
    number: `${f.estimateNumberPrefix}${row.estimate_number}`,
    contactName: f.contactDetails.name,
    total: row.total,
    currency: row.currency,
    expiryDate: f.expiryDate,
    link: `${config.publicUrl}/e/${row.public_token}`,
    liveMode: row.live_mode,
  };
  if (delivery.channel === 'sms')
    return { messageId: delivery.message_id, to: delivery.recipient, body: renderEstimateSms(model) };
  const { fromName, envelope } = emailEnvelope(
    delivery,
    { name: model.business.name, email: location.email },
    config,
  );
  const rendered = renderEstimateEmail(model, { fromName });
  const sentTo = f.sentTo;
  return {
    ...envelope,
    cc: sentTo?.emailCc ?? [],
    bcc: sentTo?.emailBcc ?? [],
    ...rendered,
    attachments: [],
  };
}
