/**
 * Settings: the business's details (GET /settings, POST /settings/business) and its invoices' numbering,
 * sender and reminders (GET /settings/invoices, POST /settings/invoices/numbering).
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  MAX_INVOICE_NUMBER,
  readLocationSettings,
  saveBusinessDetails,
  saveInvoiceNumbering,
} from '../../tenancy/location-settings.ts';
import { locationPath, scopeOf } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { CsrfField } from '../layout.tsx';
import { formOf, noticeOf, optional, renderSettingsPage, see, text } from './shared.tsx';

const ADDRESS: [key: string, label: string][] = [
  ['addressLine1', 'Address line 1'],
  ['addressLine2', 'Address line 2'],
  ['city', 'City'],
  ['state', 'State or region'],
  ['postalCode', 'Postal code'],
  ['countryCode', 'Country code'],
];

function Field(props: {
  name: string;
  label: string;
  value: string | null;
  type?: string;
  required?: boolean;
  hint?: string;
}) {
  const id = `f-${props.name}`;
  return (
    <div>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint ? (
        <p class="muted small" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

const business: FastifyPluginAsync = async (app) => {
  app.get('/settings', async (request, reply) => {
    const scope = scopeOf(request);
    const { details } = await readLocationSettings(app.services, scope.location.id);
    const body = (
      <form method="post" action={locationPath(scope, '/settings/business')} class="card settings-form">
        <CsrfField token={scope.csrfToken} />
        <h2>Business details</h2>
        <p class="muted small">
          New invoices' documents and emails show these when the invoice names none; emails go from this name.
        </p>
        <div class="row">
          <Field name="name" label="Business name" value={details.name} required />
          <Field name="email" label="Email" type="email" value={details.email} />
          <Field name="phone" label="Phone" type="tel" value={details.phone} />
        </div>
        <div class="row">
          <Field name="website" label="Website" type="url" value={details.website} />
          <Field
            name="logoUrl"
            label="Logo URL"
            type="url"
            value={details.logoUrl}
            hint="An https:// address of an image, shown on invoices that name no logo."
          />
        </div>
        <fieldset>
          <legend>Address</legend>
          <div class="row">
            {ADDRESS.map(([key, label]) => (
              <Field name={`address.${key}`} label={label} value={details.address[key] ?? null} />
            ))}
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit">Save business details</button>
        </div>
      </form>
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(
        renderSettingsPage(scope, 'business', { title: 'Business', body, notice: noticeOf(request.query) }),
      );
  });

  app.post('/settings/business', async (request, reply) => {
    const scope = scopeOf(request);
    const form = formOf(request.body);
    const address: Record<string, string> = {};
    for (const [key] of ADDRESS) {
      const value = optional(form, `address.${key}`, 500);
      if (value !== null) address[key] = value;
    }
    await saveBusinessDetails(app.services, scope.location.id, {
      name: text(form, 'name', 500).trim(),
      email: optional(form, 'email', 500),
      phone: optional(form, 'phone', 500),
      website: optional(form, 'website', 500),
      logoUrl: optional(form, 'logoUrl', 500),
      address,
    });
    return reply.redirect(see(scope, '/settings', 'saved'), 303);
  });

  app.get('/settings/invoices', async (request, reply) => {
    const scope = scopeOf(request);
    const settings = await readLocationSettings(app.services, scope.location.id);
    const { numbering, details } = settings;
    const body = (
      <>
        <form
          method="post"
          action={locationPath(scope, '/settings/invoices/numbering')}
          class="card settings-form"
        >
          <CsrfField token={scope.csrfToken} />
          <h2>Invoice numbers</h2>
          <div class="row">
            <Field
              name="prefix"
              label="Number prefix"
              value={numbering.prefix}
              hint="Up to 20 characters, e.g. INV-. New invoices get it unless their request names one."
            />
            <Field
              name="nextNumber"
              label="Next number"
              type="number"
              value={String(numbering.nextNumber)}
              hint={
                numbering.highestUsed > 0
                  ? `Must be above ${numbering.highestUsed}, the highest number in use.`
                  : 'No invoice has a number yet.'
              }
            />
          </div>
          <p class="muted small">
            The next invoice will be numbered{' '}
            <strong>
              {numbering.prefix}
              {numbering.nextNumber}
            </strong>
            .
          </p>
          <div class="actions">
            <button type="submit">Save numbering</button>
          </div>
        </form>
        <section class="card">
          <h2>Sender</h2>
          <p>
            Emails go from <strong>{details.name}</strong>
            {details.email ? (
              <>
                {' '}
                with replies to <strong>{details.email}</strong>
              </>
            ) : null}
            : the business details. An address outside the server's sender domains becomes the Reply-To, and
            the server's own address the From. A send may name another sender (sentFrom).
          </p>
          <p>
            <a href={locationPath(scope, '/settings')}>Change the business name or email</a>
          </p>
        </section>
        <section class="card">
          <h2>Reminders</h2>
          <p>
            Reminders are set per invoice (its remindersConfiguration, through the API); the location has no
            default of its own yet.
          </p>
        </section>
      </>
    );
    return reply.type('text/html; charset=utf-8').send(
      renderSettingsPage(scope, 'invoices', {
        title: 'Invoices & email',
        body,
        notice: noticeOf(request.query),
      }),
    );
  });

  app.post('/settings/invoices/numbering', async (request, reply) => {
    const scope = scopeOf(request);
    const form = formOf(request.body);
    const raw = text(form, 'nextNumber', 20).trim();
    if (!/^\d{1,12}$/.test(raw))
      throw new DashboardError(
        422,
        `The next number must be a whole number from 1 to ${MAX_INVOICE_NUMBER}.`,
      );
    await saveInvoiceNumbering(app.services, scope.location.id, {
      prefix: text(form, 'prefix', 100),
      nextNumber: Number(raw),
    });
    return reply.redirect(see(scope, '/settings/invoices', 'saved'), 303);
  });
};

export default business;
