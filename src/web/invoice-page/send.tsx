/**
 * The send dialog: GET /invoices/:id/send shows how to send (email, SMS, both, or mark as sent), from
 * whom, test or live, and auto-payment with a saved method; POST sends through sendInvoice, as the API.
 */
import type { AutoPayment } from '../../domain/invoice.ts';
import type { SendAction } from '../../domain/send.ts';
import type { InvoicePage, SavedMethodChoice } from '../../invoicing/dashboard-invoice.ts';
import type { SendRequest } from '../../invoicing/send-invoice.ts';
import type { LocationScope } from '../context.ts';
import { CsrfField, renderLocationPage } from '../layout.tsx';
import { type Form, FormError, text } from './forms.ts';
import { InvoiceHeading, invoiceBase } from './page.tsx';

const ACTIONS: Array<{ value: SendAction; label: string }> = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'sms_and_email', label: 'Email and SMS' },
  { value: 'send_manually', label: 'Mark as sent (no message)' },
];

export interface SendValues {
  action: SendAction;
  mode: 'test' | 'live';
  fromName: string;
  fromEmail: string;
  autoPayment: string;
}

export interface MethodsByMode {
  test: SavedMethodChoice[];
  live: SavedMethodChoice[];
}

export function defaultSendValues(scope: LocationScope, page: InvoicePage): SendValues {
  return {
    action: page.doc.contact.email ? 'email' : page.doc.contact.phoneNo ? 'sms' : 'send_manually',
    mode: scope.location.testMode ? 'test' : 'live',
    fromName: '',
    fromEmail: '',
    autoPayment: '',
  };
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** The form as a SendRequest; a FormError for anything the API's schema would refuse. */
export function parseSend(
  scope: LocationScope,
  form: Form,
  methods: MethodsByMode,
): { values: SendValues; request: SendRequest } {
  const action = text(form, 'action') as SendAction;
  const mode = text(form, 'mode');
  const values: SendValues = {
    action,
    mode: mode === 'live' ? 'live' : 'test',
    fromName: text(form, 'fromName', 200),
    fromEmail: text(form, 'fromEmail', 320),
    autoPayment: text(form, 'autoPayment', 400),
  };
  if (!ACTIONS.some((a) => a.value === action)) throw new FormError('Choose how to send the invoice.');
  if (mode !== 'test' && mode !== 'live') throw new FormError('Choose test mode or live mode.');
  if (values.fromEmail !== '' && !EMAIL.test(values.fromEmail)) {
    throw new FormError('From email must be an email address, e.g. billing@example.com.');
  }
  const sentFrom = {
    ...(values.fromName ? { fromName: values.fromName } : {}),
    ...(values.fromEmail ? { fromEmail: values.fromEmail } : {}),
  };
  let autoPayment: AutoPayment | undefined;
  if (values.autoPayment === 'off') autoPayment = { enable: false };
  else if (values.autoPayment !== '') {
    const [kind, ...rest] = values.autoPayment.split(':');
    const ref = rest.join(':');
    const method = (kind === 'live' ? methods.live : kind === 'test' ? methods.test : []).find(
      (m) => m.ref === ref,
    );
    if (!method) throw new FormError('That saved payment method is not one of the customer’s.');
    if (kind !== values.mode) {
      throw new FormError(`That payment method is for ${kind} mode; choose one for ${values.mode} mode.`);
    }
    autoPayment = { enable: true, type: 'card', paymentMethodId: method.ref, customerId: method.customerRef };
  }
  return {
    values,
    request: {
      altId: scope.location.id,
      userId: scope.user.userId,
      action,
      liveMode: values.mode === 'live',
      ...(Object.keys(sentFrom).length > 0 ? { sentFrom } : {}),
      ...(autoPayment ? { autoPayment } : {}),
    },
  };
}

function Radio(props: { name: string; value: string; checked: boolean; label: string; hint?: string }) {
  const id = `${props.name}-${props.value}`;
  return (
    <div class="check">
      <input type="radio" id={id} name={props.name} value={props.value} checked={props.checked} />
      <label for={id} class="check">
        {props.label}
        {props.hint ? <span class="muted small"> {props.hint}</span> : null}
      </label>
    </div>
  );
}

export function sendPageHtml(
  scope: LocationScope,
  page: InvoicePage,
  methods: MethodsByMode,
  values: SendValues,
  error?: string,
): string {
  const { doc } = page;
  const base = invoiceBase(scope, doc.id);
  const hints: Partial<Record<SendAction, string>> = {
    email: doc.contact.email ? `to ${doc.contact.email}` : '(the invoice has no email)',
    sms: doc.contact.phoneNo ? `to ${doc.contact.phoneNo}` : '(the invoice has no phone number)',
  };
  const all = [
    ...methods.test.map((m) => ({ value: `test:${m.ref}`, label: `${m.label} (test)` })),
    ...methods.live.map((m) => ({ value: `live:${m.ref}`, label: `${m.label} (live)` })),
  ];
  return renderLocationPage(scope, {
    title: 'Send invoice',
    section: 'invoices',
    error,
    body: (
      <>
        <p class="small">
          <a href={base}>← Back to the invoice</a>
        </p>
        <InvoiceHeading page={page} />
        <form method="post" action={`${base}/send`} class="card inv-send" id="send-form">
          <CsrfField token={scope.csrfToken} />
          <fieldset>
            <legend>How to send</legend>
            {ACTIONS.map((a) => (
              <Radio
                name="action"
                value={a.value}
                checked={values.action === a.value}
                label={a.label}
                hint={hints[a.value]}
              />
            ))}
          </fieldset>
          <fieldset>
            <legend>Mode</legend>
            <Radio
              name="mode"
              value="test"
              checked={values.mode === 'test'}
              label="Test mode"
              hint="(messages go to the test outbox, payments use test cards)"
            />
            <Radio
              name="mode"
              value="live"
              checked={values.mode === 'live'}
              label="Live mode"
              hint="(real messages and payments)"
            />
          </fieldset>
          <fieldset>
            <legend>Sent from</legend>
            <div class="row">
              <div>
                <label for="send-from-name">From name</label>
                <input id="send-from-name" name="fromName" maxLength={200} value={values.fromName} />
              </div>
              <div>
                <label for="send-from-email">From email</label>
                <input
                  id="send-from-email"
                  name="fromEmail"
                  type="email"
                  maxLength={320}
                  value={values.fromEmail}
                />
              </div>
            </div>
            <p class="small muted">Leave empty to use the location's name and the service's address.</p>
          </fieldset>
          <fieldset>
            <legend>Automatic payment</legend>
            <label for="send-auto-payment">Charge a saved payment method on the due date</label>
            <select id="send-auto-payment" name="autoPayment">
              <option value="" selected={values.autoPayment === ''}>
                No change
              </option>
              <option value="off" selected={values.autoPayment === 'off'}>
                Turn automatic payment off
              </option>
              {all.map((m) => (
                <option value={m.value} selected={values.autoPayment === m.value}>
                  {m.label}
                </option>
              ))}
            </select>
            {all.length === 0 ? (
              <p class="small muted">The customer has no saved payment method yet.</p>
            ) : null}
          </fieldset>
          <div class="actions">
            <button type="submit">Send invoice</button>
            <a href={base}>Cancel</a>
          </div>
        </form>
      </>
    ),
  });
}
