/** The shell of every dashboard page: header with navigation and location switcher, test-mode banner. */
import type { ComponentChildren, VNode } from 'preact';
import { renderHtmlDocument, staticMarkup } from '../render/html-document.tsx';
import type { SignedInUser } from '../tenancy/sign-in.ts';
import { type LocationScope, locationPath } from './context.ts';

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'>
<link rel="stylesheet" href="/app/assets/app.css">
<script src="/app/assets/htmx.min.js" defer></script>
<script src="/app/assets/app.js" defer></script>`;

export type Section = 'overview' | 'invoices' | 'estimates' | 'schedules' | 'templates' | 'settings';

const SECTIONS: { id: Section; label: string; path: string }[] = [
  { id: 'overview', label: 'Overview', path: '' },
  { id: 'invoices', label: 'Invoices', path: '/invoices' },
  { id: 'estimates', label: 'Estimates', path: '/estimates' },
  { id: 'schedules', label: 'Schedules', path: '/schedules' },
  { id: 'templates', label: 'Templates', path: '/templates' },
  { id: 'settings', label: 'Settings', path: '/settings' },
];

/** The hidden field every form that changes something carries (checked by web/session.ts). */
export function CsrfField({ token }: { token: string }): VNode {
  return <input type="hidden" name="_csrf" value={token} />;
}

function SignOut({ user }: { user: SignedInUser }) {
  return (
    <form method="post" action="/app/logout">
      <CsrfField token={user.csrfToken} />
      <button type="submit" class="link">
        Sign out
      </button>
    </form>
  );
}

function LocationSwitcher({ scope }: { scope: LocationScope }) {
  const { locations } = scope.user;
  if (locations.length < 2) return <span>{scope.location.name}</span>;
  return (
    <form method="get" action="/app/switch">
      <label for="switch-location" class="skip">
        Location
      </label>
      <select id="switch-location" name="location" aria-label="Location">
        {locations.map((l) => (
          <option value={l.id} selected={l.id === scope.location.id}>
            {l.name}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary">
        Switch
      </button>
    </form>
  );
}

export interface PageParts {
  title: string;
  section?: Section;
  body: ComponentChildren;
  /** A notice above the page's content (after a redirect: "Invoice sent"). */
  notice?: string;
  error?: string;
}

/** A page of a location: header, navigation for its sections, test-mode banner. */
export function renderLocationPage(scope: LocationScope, parts: PageParts): string {
  const base = locationPath(scope);
  return renderHtmlDocument({
    head: HEAD,
    title: `${parts.title} · ${scope.location.name} · hl-invoices`,
    body: (
      <body hx-headers={JSON.stringify({ 'x-csrf-token': scope.csrfToken })}>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href={base}>
            hl-invoices
          </a>
          <nav class="main" aria-label="Sections">
            {SECTIONS.map((s) => (
              <a href={`${base}${s.path}`} aria-current={s.id === parts.section ? 'page' : undefined}>
                {s.label}
              </a>
            ))}
          </nav>
          <div class="who">
            <LocationSwitcher scope={scope} />
            <span class="muted">{scope.user.name}</span>
            <SignOut user={scope.user} />
          </div>
        </header>
        {scope.location.testMode ? (
          <div class="banner-test" role="status">
            <span>Test mode: invoices are sent to the outbox and paid with test cards.</span>
            {scope.devOutbox ? <a href="/dev/outbox">Open the outbox</a> : null}
          </div>
        ) : null}
        <main id="content">
          {parts.notice ? (
            <p class="notice" role="status">
              {parts.notice}
            </p>
          ) : null}
          {parts.error ? (
            <p class="error" role="alert">
              {parts.error}
            </p>
          ) : null}
          {parts.body}
        </main>
      </body>
    ),
  });
}

/** A page outside any location: sign-in, errors before a location is known. */
export function renderPlainPage(parts: { title: string; body: ComponentChildren }): string {
  return renderHtmlDocument({
    head: HEAD,
    title: `${parts.title} · hl-invoices`,
    body: (
      <body>
        <main id="content" class="signin">
          {parts.body}
        </main>
      </body>
    ),
  });
}
