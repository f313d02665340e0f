/** Locations, users and location tokens for the run: `hl-invoices init` for the first, tenants.ts for the rest. */
import type { Store } from '../src/store/db.ts';
import { createLocation } from '../src/tenancy/locations.ts';
import { createToken } from '../src/tenancy/tokens.ts';
import { createUser } from '../src/tenancy/users.ts';
import type { SeedLocation } from './seed.ts';
import { runNode } from './system.ts';

export interface BenchLocation extends SeedLocation {
  userId: string;
  token: string;
}

/** A location with a user on it and its own location token. */
export async function addLocation(store: Store, companyId: string, name: string, userId?: string) {
  const ctx = { store };
  const { id } = await createLocation(ctx, {
    companyId,
    name,
    email: `billing@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example.com`,
  });
  const user =
    userId ??
    (await createUser(ctx, {
      companyId,
      firstName: 'Bench',
      lastName: name,
      email: `user-${id}@example.com`,
      locationIds: [id],
    }));
  const token = await createToken(ctx, { kind: 'location', companyId, locationId: id, label: 'bench' });
  return { id, companyId, name, tokenId: token.id, token: token.token, userId: user };
}

/** `hl-invoices init --json` (migrates, seeds the first location), then `count - 1` more locations. */
export async function createLocations(store: Store, databaseUrl: string, count: number) {
  const init = JSON.parse(
    await runNode(['bin/hl-invoices.js', 'init', '--json'], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }),
  ) as { companyId: string; locationId: string; userId: string; locationToken: string };
  const first = await store.db
    .selectFrom('api_tokens')
    .select('id')
    .where('location_id', '=', init.locationId)
    .executeTakeFirstOrThrow();
  const locations: BenchLocation[] = [
    {
      id: init.locationId,
      companyId: init.companyId,
      name: 'My Business',
      tokenId: first.id,
      token: init.locationToken,
      userId: init.userId,
    },
  ];
  for (let i = 2; i <= count; i++) {
    locations.push(await addLocation(store, init.companyId, `Location ${i}`));
  }
  return { companyId: init.companyId, locations };
}
