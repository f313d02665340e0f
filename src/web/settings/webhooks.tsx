/**
 * Settings: the location's webhook subscriptions through the webhook use cases (docs/webhooks.md): list
 * and add (GET/POST /settings/webhooks), remove (POST /settings/webhooks/:id/remove), a subscription's
 * delivery log (GET /settings/webhooks/:id) and replaying a delivery (POST
 * /settings/webhooks/deliveries/:deliveryId/replay).
 */
import type { FastifyPluginAsync } from 'fastify';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events.ts';
import { Errors } from '../../errors.ts';
import { deliveryOf, listDeliveries, replayDelivery } from '../../webhooks/delivery-log.ts';
import {
  addSubscription,
  getSubscription,
  listSubscriptions,
  removeSubscription,
  subscriptionView,
} from '../../webhooks/subscriptions.ts';
import { type LocationScope, locationPath, scopeOf } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { CsrfField } from '../layout.tsx';
import { ListTable } from '../list-table.tsx';
import { formOf, many, noticeOf, optional, renderSettingsPage, see } from './shared.tsx';

const hookPath = (scope: LocationScope, id: string, rest = '') =>
  locationPath(scope, `/settings/webhooks/${encodeURIComponent(id)}${rest}`);

function AddForm({ scope }: { scope: LocationScope }) {
  return (
    <form method="post" action={locationPath(scope, '/settings/webhooks')} class="card">
      <CsrfField token={scope.csrfToken} />
      <h2>Add a webhook</h2>
      <label for="hook-url">URL</label>
      <input
        id="hook-url"
        name="url"
        type="url"
        required
        maxLength={2000}
        placeholder="https://example.com/hooks"
      />
      <fieldset>
        <legend>Events (none chosen: every event)</legend>
        <div class="scope-grid">
          {WEBHOOK_EVENT_TYPES.map((e) => (
            <label class="check">
              <input type="checkbox" name="events" value={e} />
              {e}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit">Add webhook</button>
      </div>
    </form>
  );
}

const webhooks: FastifyPluginAsync = async (app) => {
  const ctx = app.services.webhooks;

  app.get('/settings/webhooks', async (request, reply) => {
    const scope = scopeOf(request);
    const subscriptions = await listSubscriptions(ctx, scope.location.id);
    const body = (
      <>
        <AddForm scope={scope} />
        <h2>Webhooks of this location</h2>
        {subscriptions.length === 0 ? (
          <p class="muted">No webhooks yet.</p>
        ) : (
          <ul class="hook-list">
            {subscriptions.map((w) => (
              <li class="card">
                <p class="hook-url">
                  <a href={hookPath(scope, w.id)}>{w.url}</a>
                </p>
                <p class="small muted">
                  Events: {w.events.length === 0 ? 'all' : w.events.join(', ')} · added{' '}
                  {w.createdAt.slice(0, 10)}
                </p>
                <div class="actions">
                  <a class="button secondary" href={hookPath(scope, w.id)}>
                    Delivery log
                  </a>
                  <form method="post" action={hookPath(scope, w.id, '/remove')}>
                    <CsrfField token={scope.csrfToken} />
                    <button type="submit" class="danger" aria-label={`Remove the webhook to ${w.url}`}>
                      Remove
                    </button>
                  </form>
                </div>
              </li>
            ))}
          </ul>
        )}
      </>
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(
        renderSettingsPage(scope, 'webhooks', { title: 'Webhooks', body, notice: noticeOf(request.query) }),
      );
  });

  app.post('/settings/webhooks', async (request, reply) => {
    const scope = scopeOf(request);
    const form = formOf(request.body);
    const url = optional(form, 'url', 2000);
    if (url === null) throw new DashboardError(422, 'Give the webhook a URL.');
    await addSubscription(ctx, {
      locationId: scope.location.id,
      companyId: scope.user.companyId,
      url,
      events: many(form, 'events'),
    });
    return reply.redirect(see(scope, '/settings/webhooks', 'webhook-added'), 303);
  });

  app.post<{ Params: { id: string } }>('/settings/webhooks/:id/remove', async (request, reply) => {
    const scope = scopeOf(request);
    await removeSubscription(ctx, request.params.id, scope.location.id);
    return reply.redirect(see(scope, '/settings/webhooks', 'webhook-removed'), 303);
  });

  app.get<{ Params: { id: string } }>('/settings/webhooks/:id', async (request, reply) => {
    const scope = scopeOf(request);
    const w = subscriptionView(await getSubscription(ctx, request.params.id, scope.location.id));
    const log = await listDeliveries(ctx, w.id, scope.location.id, 100);
    const body = (
      <>
        <p>
          <a href={locationPath(scope, '/settings/webhooks')}>← All webhooks</a>
        </p>
        <section class="card">
          <h2>Deliveries to {w.url}</h2>
          <p class="small muted">
            Events: {w.events.length === 0 ? 'all' : w.events.join(', ')}. Newest first, the last 100
            attempts.
          </p>
          {log.length === 0 ? (
            <p class="muted">Nothing delivered yet.</p>
          ) : (
            <ListTable
              columns={[
                { label: 'Time' },
                { label: 'Event' },
                { label: 'Attempt' },
                { label: 'Status' },
                { label: 'Response' },
                { label: 'Actions', hidden: true },
              ]}
            >
              {log.map((d) => (
                <tr>
                  <td data-label="Time">{d.time.slice(0, 19).replace('T', ' ')}</td>
                  <td data-label="Event">
                    {d.event}
                    <div class="small muted">{d.webhookId}</div>
                  </td>
                  <td data-label="Attempt">{d.attempt === 0 ? 'not yet' : d.attempt}</td>
                  <td data-label="Status">
                    <span
                      class={`pill pill-${d.status === 'delivered' ? 'sent' : d.status === 'failed' ? 'failed' : 'draft'}`}
                    >
                      {d.status}
                    </span>
                  </td>
                  <td data-label="Response">
                    {d.responseCode ?? '—'}
                    {d.error ? <div class="small muted">{d.error}</div> : null}
                  </td>
                  <td data-label="Actions">
                    <form
                      method="post"
                      action={locationPath(
                        scope,
                        `/settings/webhooks/deliveries/${encodeURIComponent(d.deliveryId)}/replay`,
                      )}
                    >
                      <CsrfField token={scope.csrfToken} />
                      <button type="submit" class="secondary" aria-label={`Replay ${d.event} ${d.webhookId}`}>
                        Replay
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </ListTable>
          )}
        </section>
      </>
    );
    return reply.type('text/html; charset=utf-8').send(
      renderSettingsPage(scope, 'webhooks', {
        title: 'Webhook deliveries',
        body,
        notice: noticeOf(request.query),
      }),
    );
  });

  app.post<{ Params: { deliveryId: string } }>(
    '/settings/webhooks/deliveries/:deliveryId/replay',
    async (request, reply) => {
      const scope = scopeOf(request);
      const delivery = await deliveryOf(ctx, request.params.deliveryId);
      if (delivery.location_id !== scope.location.id) throw Errors.notFound('Webhook delivery not found');
      await replayDelivery(ctx, delivery.id);
      return reply.redirect(`${hookPath(scope, delivery.subscription_id)}?notice=replayed`, 303);
    },
  );
};

export default webhooks;
