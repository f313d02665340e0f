/** Companies (agencies), their locations (sub-accounts), users and which locations each user may act for. */
import { sql } from 'kysely';
import { Errors } from '../errors.ts';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';
import { translateUniqueViolations } from './errors.ts';
import type { LocationRow } from './schema.ts';

export async function insertCompany(db: Db, company: { id: string; name: string; email: string | null }) {
  await db.insertInto('companies').values(company).execute();
}

export interface NewLocationRow {
  id: string;
  companyId: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: Record<string, string>;
  website: string | null;
  timezone: string | null;
}

export async function insertLocation(db: Db, location: NewLocationRow): Promise<LocationRow> {
  return db
    .insertInto('locations')
    .values({
      id: location.id,
      company_id: location.companyId,
      name: location.name,
      email: location.email,
      phone: location.phone,
      address: JSON.stringify(location.address),
      website: location.website,
      timezone: location.timezone,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NewUserRow {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  type: string;
  role: string;
  locationIds: string[];
}

/** The user and its locations; an email already used in the company is a 400. */
export async function insertUser(trx: Tx, user: NewUserRow): Promise<void> {
  await translateUniqueViolations(
    async () => {
      await trx
        .insertInto('users')
        .values({
          id: user.id,
          company_id: user.companyId,
          first_name: user.firstName,
          last_name: user.lastName,
          email: user.email,
          phone: user.phone,
          type: user.type,
          role: user.role,
        })
        .execute();
      if (user.locationIds.length > 0) {
        await trx
          .insertInto('user_locations')
          .values(user.locationIds.map((location_id) => ({ user_id: user.id, location_id })))
          .execute();
      }
    },
    { users_company_email_uq: () => Errors.badRequest('A user with this email already exists') },
  );
}

export async function isStoreEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('companies').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/** Holds off a concurrent seeding of an empty store until `trx` ends. */
export async function lockCompanies(trx: Tx): Promise<void> {
  await sql`lock table companies in exclusive mode`.execute(trx);
}

export async function getLocation(db: Db, id: string): Promise<LocationRow | undefined> {
  return db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

const locationOfCompany = statement((db, p: { locationId: string; companyId: string }) =>
  db
    .selectFrom('locations')
    .select('id')
    .where('id', '=', p.locationId)
    .where('company_id', '=', p.companyId),
);

export async function isLocationOfCompany(db: Db, locationId: string, companyId: string): Promise<boolean> {
  return (await locationOfCompany.run(db, { locationId, companyId })).length > 0;
}

const businessDefaults = statement((db, p: { id: string }) =>
  db.selectFrom('locations').select(['name', 'email', 'logo_url']).where('id', '=', p.id),
);

/** The name, email and logo a location's invoices show when their business details leave them out. */
export async function locationBusinessDefaults(
  db: Db,
  locationId: string,
): Promise<{ name: string; email: string | null; logo_url: string | null }> {
  const [row] = await businessDefaults.run(db, { id: locationId });
  if (!row) throw new Error(`location ${locationId} does not exist`);
  return row;
}

export async function companyExists(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('companies').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** A user of the location first, else the company's first user; undefined when the company has none. */
export async function representativeUser(db: Db, companyId: string, locationId: string) {
  const user = await db
    .selectFrom('users')
    .leftJoin('user_locations as ul', (join) =>
      join.onRef('ul.user_id', '=', 'users.id').on('ul.location_id', '=', locationId),
    )
    .select('users.id')
    .where('users.company_id', '=', companyId)
    .orderBy((eb) => eb('ul.location_id', 'is', null))
    .orderBy('users.created_at')
    .orderBy('users.id')
    .executeTakeFirst();
  return user?.id;
}

/** The users with access to a location, each with every location it can reach. */
export async function listLocationUsers(db: Db, locationId: string) {
  const users = await db
    .selectFrom('users')
    .innerJoin('user_locations as ul', 'ul.user_id', 'users.id')
    .selectAll('users')
    .where('ul.location_id', '=', locationId)
    .orderBy('users.created_at')
    .orderBy('users.id')
    .execute();
  if (users.length === 0) return [];
  const links = await db
    .selectFrom('user_locations')
    .select(['user_id', 'location_id'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .orderBy('location_id')
    .execute();
  return users.map((u) => ({
    ...u,
    locationIds: links.filter((l) => l.user_id === u.id).map((l) => l.location_id),
  }));
}

/** The location's own Stripe account (Connect), or null for the platform's; false when there is no such location. */
export async function setStripeAccount(db: Db, locationId: string, account: string | null): Promise<boolean> {
  const result = await db
    .updateTable('locations')
    .set({ stripe_account_id: account })
    .where('id', '=', locationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
