/**
 * Webhook subscriptions per location, their delivery log and replays, and the public key deliveries are
 * signed with: our addition to the HighLevel API (docs/webhooks.md). Tenancy as on the invoice routes:
 * another location's altId is a 403, another location's subscription or delivery a 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { assertLocationAccess } from '../tenancy/auth.ts';
import { deliveryOf, listDeliveries, replayDelivery } from '../webhooks/delivery-log.ts';
import { publicKeyInfo } from '../webhooks/signing.ts';
import { addSubscription, listSubscriptions, removeSubscription } from '../webhooks/subscriptions.ts';
import { authorizeLocation, requireAuth } from './auth.ts';
import { AltQuery } from './schemas/invoice.ts';
import {
  CreateWebhookBody,
  DeliveriesResponse,
  DeliveryParams,
  OptionalAltQuery,
  PublicKeyResponse,
  ReplayResponse,
  SucceededResponse,
  WebhookParams,
  WebhooksResponse,
  WebhookView,
} from './schemas/webhooks.ts';
import './services.ts';
import { AppError, Errors } from '../errors.ts';

const TAGS = ['Webhooks (hl-invoices addition)'];

const webhooks: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const ctx = services.webhooks;

  app.get(
    '/webhooks/public-key',
    {
      schema: {
        tags: TAGS,
        summary: 'The Ed25519 public key that verifies x-ghl-signature (no token needed)',
        security: [],
        response: { 200: PublicKeyResponse },
      },
    },
    async () => publicKeyInfo(services.store),
  );

  app.post(
    '/webhooks/',
    {
      schema: {
        tags: TAGS,
        summary: 'Subscribe a URL to the invoice events of a location',
        body: CreateWebhookBody,
        response: { 200: WebhookView },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      const { altId, url, events, appId } = request.body;
      return addSubscription(ctx, {
        locationId: altId,
        companyId: auth.companyId,
        url,
        ...(events ? { events } : {}),
        ...(appId ? { appId } : {}),
      });
    },
  );

  app.get(
    '/webhooks/',
    {
      schema: {
        tags: TAGS,
        summary: "A location's webhook subscriptions",
        querystring: AltQuery,
        response: { 200: WebhooksResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return { webhooks: await listSubscriptions(ctx, request.query.altId) };
    },
  );

  app.delete(
    '/webhooks/:webhookId',
    {
      schema: {
        tags: TAGS,
        summary: 'Remove a subscription (what it had not delivered yet is cancelled)',
        params: WebhookParams,
        querystring: AltQuery,
        response: { 200: SucceededResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      await removeSubscription(ctx, request.params.webhookId, request.query.altId);
      return { succeeded: true };
    },
  );

  app.get(
    '/webhooks/:webhookId/deliveries',
    {
      schema: {
        tags: TAGS,
        summary: "A subscription's delivery log, newest first: every attempt",
        params: WebhookParams,
        querystring: AltQuery,
        response: { 200: DeliveriesResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      await authorizeLocation(services, request, request.query.altId);
      return { deliveries: await listDeliveries(ctx, request.params.webhookId, request.query.altId) };
    },
  );

  app.post(
    '/webhooks/deliveries/:deliveryId/replay',
    {
      schema: {
        tags: TAGS,
        summary: 'Send a delivery again, as a new delivery with a new webhookId',
        params: DeliveryParams,
        querystring: OptionalAltQuery,
        response: { 200: ReplayResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const { altId } = request.query;
      if (altId !== undefined) await authorizeLocation(services, request, altId);
      const delivery = await deliveryOf(ctx, request.params.deliveryId);
      if (altId !== undefined && delivery.location_id !== altId)
        throw Errors.notFound('Webhook delivery not found');
      // Without altId: a delivery of a location the token may not act for is not found, not forbidden.
      await assertLocationAccess(services, requireAuth(request), delivery.location_id).catch((error) => {
        throw error instanceof AppError && error.kind === 'forbidden'
          ? Errors.notFound('Webhook delivery not found')
          : error;
      });
      return replayDelivery(ctx, delivery.id);
    },
  );
};

export default webhooks;
