/**
 * Settings: the location's API tokens (GET /settings/tokens): each with its label, scopes, dates; create
 * one with chosen location scopes (POST /settings/tokens answers with its secret, shown this once and
 * never again); revoke one (POST /settings/tokens/:tokenId/revoke).
 */
import type { FastifyPluginAsync } from 'fastify';
import { AGENCY_ONLY_SCOPES, ALL_SCOPES } from '../../domain/scopes.ts';
import { createToken, listLocationTokens, revokeLocationToken } from '../../tenancy/tokens.ts';
import { type LocationScope, locationPath, scopeOf } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { CsrfField } from '../layout.tsx';
import { ListTable } from '../list-table.tsx';
import { dateTime, formOf, many, noticeOf, optional, renderSettingsPage, see, text } from './shared.tsx';

export const LOCATION_SCOPES: string[] = ALL_SCOPES.filter(
  (s) => !(AGENCY_ONLY_SCOPES as readonly string[]).includes(s),
);

const EXPIRY: [value: string, label: string, seconds: number | null][] = [
  ['never', 'Never', null],
  ['30', 'In 30 days', 30 * 86400],
  ['90', 'In 90 days', 90 * 86400],
  ['365', 'In a year', 365 * 86400],
];

function CreateForm({ scope }: { scope: LocationScope }) {
  return (
    <form method="post" action={locationPath(scope, '/settings/tokens')} class="card">
      <CsrfField token={scope.csrfToken} />
      <h2>New token</h2>
      <div class="row">
        <div>
          <label for="token-label">Label</label>
          <input id="token-label" name="label" maxLength={200} required />
        </div>
        <div>
          <label for="token-expiry">Expires</label>
          <select id="token-expiry" name="expiry">
            {EXPIRY.map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>Scopes</legend>
        <div class="scope-grid">
          {LOCATION_SCOPES.map((s) => (
            <label class="check">
              <input type="checkbox" name="scopes" value={s} checked={s === 'invoices.readonly'} />
              {s}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit">Create token</button>
      </div>
    </form>
  );
}

const tokens: FastifyPluginAsync = async (app) => {
  app.get('/settings/tokens', async (request, reply) => {
    const scope = scopeOf(request);
    const rows = await listLocationTokens(app.services, scope.location.id);
    const now = Date.now();
    const body = (
      <>
        <CreateForm scope={scope} />
        <h2>Tokens of this location</h2>
        {rows.length === 0 ? (
          <p class="muted">No tokens yet.</p>
        ) : (
          <ListTable
            columns={[
              { label: 'Label' },
              { label: 'Scopes' },
              { label: 'Created' },
              { label: 'Expires' },
              { label: 'State' },
              { label: 'Actions', hidden: true },
            ]}
          >
            {rows.map((t) => {
              const expired = t.expires_at !== null && t.expires_at.getTime() <= now;
              return (
                <tr>
                  <td data-label="Label">{t.label ?? '—'}</td>
                  <td data-label="Scopes" class="small">
                    {t.scopes.join(', ')}
                  </td>
                  <td data-label="Created">{dateTime(t.created_at)}</td>
                  <td data-label="Expires">{t.expires_at ? dateTime(t.expires_at) : 'Never'}</td>
                  <td data-label="State">
                    {t.revoked_at ? (
                      <span class="pill pill-void">Revoked {dateTime(t.revoked_at)}</span>
                    ) : expired ? (
                      <span class="pill pill-draft">Expired</span>
                    ) : (
                      <span class="pill pill-sent">Active</span>
                    )}
                  </td>
                  <td data-label="Actions">
                    {t.revoked_at || expired ? null : (
                      <form
                        method="post"
                        action={locationPath(scope, `/settings/tokens/${encodeURIComponent(t.id)}/revoke`)}
                      >
                        <CsrfField token={scope.csrfToken} />
                        <button type="submit" class="danger" aria-label={`Revoke ${t.label ?? 'token'}`}>
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </>
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(
        renderSettingsPage(scope, 'tokens', { title: 'API tokens', body, notice: noticeOf(request.query) }),
      );
  });

  app.post('/settings/tokens', async (request, reply) => {
    const scope = scopeOf(request);
    const form = formOf(request.body);
    const label = optional(form, 'label', 200);
    if (label === null) throw new DashboardError(422, 'Give the token a label.');
    const scopes = [...new Set(many(form, 'scopes'))];
    if (scopes.length === 0) throw new DashboardError(422, 'Choose at least one scope.');
    const unknown = scopes.filter((s) => !LOCATION_SCOPES.includes(s));
    if (unknown.length > 0) throw new DashboardError(422, 'A location token cannot have those scopes.');
    const expiry = EXPIRY.find(([value]) => value === text(form, 'expiry', 10));
    if (!expiry) throw new DashboardError(422, 'Choose when the token expires.');
    const created = await createToken(app.services, {
      kind: 'location',
      companyId: scope.user.companyId,
      locationId: scope.location.id,
      scopes,
      expiresIn: expiry[2],
      label,
    });
    const body = (
      <section class="card" aria-labelledby="new-token">
        <h2 id="new-token">Token “{label}” created</h2>
        <p>
          <strong>Copy it now: it is shown this once and never again.</strong> Only its hash is stored.
        </p>
        <label for="token-secret">Token</label>
        <input id="token-secret" class="secret" readOnly value={created.token} />
        <p class="small muted">
          Scopes: {created.scopes.join(', ')}. Expires:{' '}
          {created.expiresAt ? dateTime(created.expiresAt) : 'never'}. Use it as{' '}
          <code>Authorization: Bearer …</code> with <code>Version: 2021-07-28</code>.
        </p>
        <p>
          <a class="button" href={locationPath(scope, '/settings/tokens')}>
            Done
          </a>
        </p>
      </section>
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(renderSettingsPage(scope, 'tokens', { title: 'Token created', body }));
  });

  app.post<{ Params: { tokenId: string } }>('/settings/tokens/:tokenId/revoke', async (request, reply) => {
    const scope = scopeOf(request);
    await revokeLocationToken(app.services, scope.location.id, request.params.tokenId);
    return reply.redirect(see(scope, '/settings/tokens', 'revoked'), 303);
  });
};

export default tokens;
