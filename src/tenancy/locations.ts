import { shortId } from '../domain/ids.ts';
import { Errors } from '../errors.ts';
import type { LocationRow } from '../store/schema.ts';
import { getLocation, insertLocation, setStripeAccount } from '../store/tenants.ts';
import { type AuthContext, assertLocationAccess } from './auth.ts';
import type { TenancyContext } from './context.ts';

export type Location = LocationRow;

export interface NewLocation {
  companyId: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: Record<string, string>;
  website?: string | null;
  timezone?: string | null;
}

export async function createLocation(ctx: TenancyContext, input: NewLocation): Promise<Location> {
  return insertLocation(ctx.store.db, {
    id: shortId(),
    companyId: input.companyId,
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    address: input.address ?? {},
    website: input.website ?? null,
    timezone: input.timezone ?? null,
  });
}

/** A location the token may act for; one out of its reach is a 403 whether or not it exists (§1 row 6). */
export async function readLocation(
  ctx: TenancyContext,
  auth: AuthContext,
  locationId: string,
): Promise<Location> {
  await assertLocationAccess(ctx, auth, locationId);
  const row = await getLocation(ctx.store.db, locationId);
  if (!row) throw Errors.locationForbidden();
  return row;
}

/** Connects a location to its own Stripe account (`hl-invoices location stripe-account`), or disconnects it. */
export async function setLocationStripeAccount(
  ctx: TenancyContext,
  locationId: string,
  account: string | null,
) {
  if (account !== null && !/^acct_[A-Za-z0-9]{6,64}$/.test(account)) {
    throw Errors.unprocessable(`a Stripe account id looks like acct_1A2b3C4d5E6f7G8h, got "${account}"`);
  }
  if (!(await setStripeAccount(ctx.store.db, locationId, account))) {
    throw Errors.notFound(`no location with id ${locationId}`);
  }
}
