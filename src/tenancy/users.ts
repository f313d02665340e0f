import { shortId } from '../domain/ids.ts';
import type { Tx } from '../store/db.ts';
import { insertUser, listLocationUsers as listStoredUsers } from '../store/tenants.ts';
import type { TenancyContext } from './context.ts';

export interface NewUser {
  companyId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  type?: string;
  role?: string;
  locationIds: string[];
}

/** A user and the locations it may act for; an email already used in the company is a 400. Joins a caller's transaction. */
export async function createUser(ctx: TenancyContext, input: NewUser): Promise<string> {
  const { db } = ctx.store;
  const id = shortId();
  const insert = (trx: Tx) =>
    insertUser(trx, {
      id,
      companyId: input.companyId,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: input.phone ?? null,
      type: input.type ?? 'account',
      role: input.role ?? 'admin',
      locationIds: input.locationIds,
    });
  // init seeds a user inside its own transaction; Kysely cannot nest them.
  if (db.isTransaction) await insert(db as Tx);
  else await db.transaction().execute(insert);
  return id;
}

export async function listLocationUsers(ctx: TenancyContext, locationId: string) {
  return listStoredUsers(ctx.store.db, locationId);
}
