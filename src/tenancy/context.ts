import type { Store, Tx } from '../store/db.ts';

export interface TenancyContext {
  store: Store;
}

/** The same context, with every statement in `trx`: to compose several steps into one transaction. */
export function inTransaction<C extends TenancyContext>(ctx: C, trx: Tx): C {
  return { ...ctx, store: { ...ctx.store, db: trx } };
}
