/** What `init` and a first `start` print about the store they seeded: ids, tokens and a curl example. */
import type { initStore } from '../tenancy/init-store.ts';

export type Seeded = NonNullable<Awaited<ReturnType<typeof initStore>>>;

export function exampleInvoiceBody(locationId: string, today = new Date().toISOString().slice(0, 10)) {
  return {
    altId: locationId,
    altType: 'location',
    name: 'Website redesign',
    businessDetails: { name: 'My Business' },
    currency: 'USD',
    items: [{ name: 'Design work', currency: 'USD', amount: 150, qty: 2 }],
    discount: { type: 'percentage', value: 0 },
    contactDetails: { id: 'contact-1', name: 'Alex Doe', email: 'alex@example.com', phoneNo: '+15555550100' },
    issueDate: today,
    sentTo: { email: ['alex@example.com'] },
    liveMode: false,
  };
}

export function seededJson(seeded: Seeded) {
  return {
    companyId: seeded.companyId,
    locationId: seeded.locationId,
    userId: seeded.userId,
    agencyToken: seeded.agencyToken.token,
    locationToken: seeded.locationToken.token,
  };
}

/** `loginUrl`: a one-time sign-in link to the dashboard for the seeded user (a first `start`). */
export function describeSeeded(seeded: Seeded, publicUrl: string, loginUrl?: string): string {
  const s = seededJson(seeded);
  const body = JSON.stringify(exampleInvoiceBody(s.locationId));
  const dashboard = loginUrl
    ? ['Open the dashboard (a one-time sign-in link, valid for 24 hours):', `  ${loginUrl}`, '']
    : [];
  return [
    ...dashboard,
    'Initialised an empty store:',
    `  companyId       ${s.companyId}`,
    `  locationId      ${s.locationId}`,
    `  userId          ${s.userId}`,
    `  agency token    ${s.agencyToken}`,
    `  location token  ${s.locationToken}`,
    'Keep the tokens: they are shown only now (the store keeps only their hashes).',
    `Dashboard: ${publicUrl}/app (sign in again later with \`hl-invoices user login-link --user ${s.userId}\`).`,
    '',
    'Create an invoice:',
    `curl -sS -X POST ${publicUrl}/invoices/ \\`,
    `  -H 'Version: 2021-07-28' -H 'Authorization: Bearer ${s.locationToken}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
    '',
  ].join('\n');
}
