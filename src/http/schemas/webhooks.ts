/** Webhook subscriptions and their delivery log (our addition to the HighLevel API, docs/webhooks.md). */
import { type Static, Type as T } from '@sinclair/typebox';
import { AltType, Id, NonEmpty, Strict } from './common.ts';

const Nullable = <S extends ReturnType<typeof T.String | typeof T.Integer>>(s: S) => T.Union([s, T.Null()]);

export const CreateWebhookBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    url: NonEmpty(2000),
    events: T.Optional(T.Array(NonEmpty(100), { maxItems: 20 })),
    appId: T.Optional(NonEmpty(200)),
  },
  Strict,
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const WebhookParams = T.Object({ webhookId: Id }, Strict);
export const DeliveryParams = T.Object({ deliveryId: Id }, Strict);
export const OptionalAltQuery = T.Object({ altId: T.Optional(Id), altType: T.Optional(AltType) }, Strict);

export const WebhookView = T.Object({
  id: T.String(),
  altId: T.String(),
  altType: T.String(),
  url: T.String(),
  events: T.Array(T.String()),
  appId: Nullable(T.String()),
  createdAt: T.String(),
});

export const WebhooksResponse = T.Object({ webhooks: T.Array(WebhookView) });

export const DeliveryLogEntry = T.Object({
  deliveryId: T.String(),
  event: T.String(),
  webhookId: T.String(),
  attempt: T.Integer(),
  status: T.String(),
  responseCode: Nullable(T.Integer()),
  latencyMs: Nullable(T.Integer()),
  error: Nullable(T.String()),
  time: T.String(),
});

export const DeliveriesResponse = T.Object({ deliveries: T.Array(DeliveryLogEntry) });

export const ReplayResponse = T.Object({
  deliveryId: T.String(),
  webhookId: T.String(),
  replayOf: T.String(),
  event: T.String(),
});

export const PublicKeyResponse = T.Object({
  algorithm: T.Literal('ed25519'),
  publicKey: T.String(),
  publicKeyBase64: T.String(),
});

export const SucceededResponse = T.Object({ succeeded: T.Boolean() });
