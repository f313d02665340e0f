/**
 * Settings: payment set-up (GET /settings/payments): the location's test mode (POST
 * /settings/payments/test-mode) and its Stripe connection as this server is configured (no secrets).
 */
import type { FastifyPluginAsync } from 'fastify';
import { readLocationSettings, setLocationTestMode } from '../../tenancy/location-settings.ts';
import { locationPath, scopeOf } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { CsrfField } from '../layout.tsx';
import { formOf, noticeOf, renderSettingsPage, see, text } from './shared.tsx';

export type StripeState =
  | { kind: 'not-configured' }
  | { kind: 'platform' }
  | { kind: 'connected'; accountId: string };

export function stripeState(configured: boolean, accountId: string | null): StripeState {
  if (!configured) return { kind: 'not-configured' };
  return accountId ? { kind: 'connected', accountId } : { kind: 'platform' };
}

function Stripe({ state }: { state: StripeState }) {
  if (state.kind === 'not-configured')
    return (
      <p>
        <span class="pill pill-draft">Not configured</span> This server has no Stripe keys (STRIPE_SECRET_KEY
        and STRIPE_WEBHOOK_SECRET): live invoices cannot be paid online. Test mode uses the built-in test
        provider.
      </p>
    );
  if (state.kind === 'platform')
    return (
      <p>
        <span class="pill pill-sent">Platform account</span> Live payments go to the platform's Stripe
        account. An operator connects the location's own account with{' '}
        <code>hl-invoices location stripe-account --location ID --account acct_…</code>.
      </p>
    );
  return (
    <p>
      <span class="pill pill-sent">Connected</span> Live payments go to the location's own Stripe account{' '}
      <code>{state.accountId}</code>.
    </p>
  );
}

const payments: FastifyPluginAsync = async (app) => {
  app.get('/settings/payments', async (request, reply) => {
    const scope = scopeOf(request);
    const settings = await readLocationSettings(app.services, scope.location.id);
    const state = stripeState(app.config.payments.stripe !== undefined, settings.stripeAccountId);
    const body = (
      <>
        <form method="post" action={locationPath(scope, '/settings/payments/test-mode')} class="card">
          <CsrfField token={scope.csrfToken} />
          <h2>Test mode</h2>
          <p>
            {settings.testMode
              ? 'This location is in test mode: new invoices are test invoices, emails go to the outbox and test cards pay them.'
              : 'This location is live: new invoices are live invoices, sent for real and paid through Stripe.'}{' '}
            Existing invoices keep their mode.
          </p>
          <input type="hidden" name="testMode" value={settings.testMode ? 'off' : 'on'} />
          <div class="actions">
            <button type="submit" class={settings.testMode ? '' : 'secondary'}>
              {settings.testMode ? 'Switch to live mode' : 'Switch to test mode'}
            </button>
          </div>
        </form>
        <section class="card">
          <h2>Stripe</h2>
          <Stripe state={state} />
        </section>
      </>
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(
        renderSettingsPage(scope, 'payments', { title: 'Payments', body, notice: noticeOf(request.query) }),
      );
  });

  app.post('/settings/payments/test-mode', async (request, reply) => {
    const scope = scopeOf(request);
    const value = text(formOf(request.body), 'testMode', 10);
    if (value !== 'on' && value !== 'off') throw new DashboardError(422, 'Choose test mode on or off.');
    await setLocationTestMode(app.services, scope.location.id, value === 'on');
    return reply.redirect(see(scope, '/settings/payments', value === 'on' ? 'test-on' : 'test-off'), 303);
  });
};

export default payments;
