/** `hl-invoices init`: one company, its agency token, one location, one user on it, one location token. */
import { shortId } from '../domain/ids.ts';
import { insertCompany, isStoreEmpty, lockCompanies } from '../store/tenants.ts';
import { inTransaction, type TenancyContext } from './context.ts';
import { createLocation } from './locations.ts';
import { createToken } from './tokens.ts';
import { createUser } from './users.ts';

export async function createCompany(ctx: TenancyContext, input: { name: string; email?: string | null }) {
  const id = shortId();
  await insertCompany(ctx.store.db, { id, name: input.name, email: input.email ?? null });
  return { id, name: input.name };
}

/** Seeds an empty store; undefined (and nothing written) when the store already holds data. */
export async function initStore(ctx: TenancyContext) {
  return ctx.store.db.transaction().execute(async (trx) => {
    // Two `init`s racing on one empty store must not both seed it.
    await lockCompanies(trx);
    if (!(await isStoreEmpty(trx))) return undefined;
    const tx = inTransaction(ctx, trx);
    const company = await createCompany(tx, { name: 'My Agency' });
    const agencyToken = await createToken(tx, { kind: 'agency', companyId: company.id, label: 'init' });
    const location = await createLocation(tx, { companyId: company.id, name: 'My Business' });
    const userId = await createUser(tx, {
      companyId: company.id,
      firstName: 'Admin',
      lastName: 'User',
      email: 'admin@example.com',
      locationIds: [location.id],
    });
    const locationToken = await createToken(tx, {
      kind: 'location',
      companyId: company.id,
      locationId: location.id,
      label: 'init',
    });
    return { companyId: company.id, locationId: location.id, userId, agencyToken, locationToken };
  });
}

export async function storeIsEmpty(ctx: TenancyContext): Promise<boolean> {
  return isStoreEmpty(ctx.store.db);
}
