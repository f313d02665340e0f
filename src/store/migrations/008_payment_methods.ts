import { type Kysely, sql } from 'kysely';

/**
 * The provider's customer and saved payment method behind an online payment: the method the customer
 * saved on the checkout ("save this card"), or the one an auto-payment charged. These are the ids a
 * business passes as `autoPayment.customerId` / `paymentMethodId` when it sends the next invoice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payments add column customer_ref text, add column method_ref text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payments drop column if exists customer_ref, drop column if exists method_ref`.execute(
    db,
  );
}
