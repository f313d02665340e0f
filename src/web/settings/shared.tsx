/** What the settings pages share: their tab bar, form-field parsing and the fixed notices after a save. */
import type { ComponentChildren } from 'preact';
import { type LocationScope, locationPath } from '../context.ts';
import { DashboardError } from '../errors.ts';
import { renderLocationPage } from '../layout.tsx';

export type SettingsTab = 'business' | 'invoices' | 'payments' | 'tokens' | 'webhooks';

const TABS: { id: SettingsTab; label: string; path: string }[] = [
  { id: 'business', label: 'Business', path: '/settings' },
  { id: 'invoices', label: 'Invoices & email', path: '/settings/invoices' },
  { id: 'payments', label: 'Payments', path: '/settings/payments' },
  { id: 'tokens', label: 'API tokens', path: '/settings/tokens' },
  { id: 'webhooks', label: 'Webhooks', path: '/settings/webhooks' },
];

/** Fixed texts for ?notice= codes (a notice never carries user text). */
const NOTICES: Record<string, string> = {
  saved: 'Settings saved.',
  'test-on': 'Test mode is on: new invoices are test invoices.',
  'test-off': 'Live mode is on: new invoices are live invoices.',
  revoked: 'Token revoked. Requests with it are refused from now on.',
  'webhook-added': 'Webhook added.',
  'webhook-removed': 'Webhook removed. Its undelivered events were cancelled.',
  replayed: 'Delivery queued again, with a new webhookId.',
};

export function noticeOf(query: unknown): string | undefined {
  const code = (query as { notice?: unknown } | undefined)?.notice;
  return typeof code === 'string' && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined;
}

export function renderSettingsPage(
  scope: LocationScope,
  tab: SettingsTab,
  parts: { title: string; body: ComponentChildren; notice?: string | undefined },
): string {
  const body = (
    <>
      <h1>Settings</h1>
      <nav aria-label="Settings">
        <ul class="tabs">
          {TABS.map((t) => (
            <li>
              <a href={locationPath(scope, t.path)} aria-current={t.id === tab ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="settings">{parts.body}</div>
    </>
  );
  return renderLocationPage(scope, {
    title: `${parts.title} · Settings`,
    section: 'settings',
    body,
    ...(parts.notice ? { notice: parts.notice } : {}),
  });
}

export type Form = Record<string, unknown>;

export function formOf(body: unknown): Form {
  return body && typeof body === 'object' ? (body as Form) : {};
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

/** One single-line text field ('' when missing); a field sent twice, or with control characters, is refused. */
export function text(form: Form, name: string, max = 2000): string {
  const value = form[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new DashboardError(422, `The field ${name} was sent more than once.`);
  if (value.length > max)
    throw new DashboardError(422, `The field ${name} is longer than ${max} characters.`);
  if (CONTROL.test(value))
    throw new DashboardError(422, `The field ${name} has characters that are not allowed.`);
  return value;
}

/** A trimmed text field, null when empty. */
export function optional(form: Form, name: string, max?: number): string | null {
  const value = text(form, name, max).trim();
  return value === '' ? null : value;
}

/** Every value of a repeated field (checkboxes). */
export function many(form: Form, name: string): string[] {
  const value = form[name];
  if (value === undefined) return [];
  const all = Array.isArray(value) ? value : [value];
  if (all.some((v) => typeof v !== 'string' || v.length > 200 || CONTROL.test(v)) || all.length > 100)
    throw new DashboardError(422, `The field ${name} is not valid.`);
  return all as string[];
}

export const see = (scope: LocationScope, path: string, notice: string) =>
  `${locationPath(scope, path)}?notice=${notice}`;

export const dateTime = (value: Date | null) =>
  value === null ? '—' : `${value.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
