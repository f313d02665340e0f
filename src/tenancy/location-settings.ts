/**
 * A location's settings as the dashboard edits them (issue #13 item 8): business details (the defaults
 * of its invoices' documents and emails), invoice numbering, and test mode. Every one is read where it
 * applies: GET /invoices/settings, createInvoice's prefix and counter, the documents' name/email/logo.
 */
import { Errors } from '../errors.ts';
import {
  type LocationDetailsRow,
  locationNumbering,
  lockNumberCounter,
  updateLocationDetails,
  updateTestMode,
  writeNumbering,
} from '../store/location-settings.ts';
import { getLocation } from '../store/tenants.ts';
import type { TenancyContext } from './context.ts';

export interface LocationSettings {
  details: LocationDetailsRow;
  testMode: boolean;
  stripeAccountId: string | null;
  numbering: { prefix: string; nextNumber: number; highestUsed: number };
}

export async function readLocationSettings(
  ctx: TenancyContext,
  locationId: string,
): Promise<LocationSettings> {
  const [location, numbering] = await Promise.all([
    getLocation(ctx.store.db, locationId),
    locationNumbering(ctx.store.db, locationId),
  ]);
  if (!location || !numbering) throw Errors.notFound('Location not found');
  return {
    details: {
      name: location.name,
      email: location.email,
      phone: location.phone,
      website: location.website,
      address: location.address ?? {},
      logoUrl: location.logo_url,
    },
    testMode: location.test_mode,
    stripeAccountId: location.stripe_account_id,
    numbering: {
      prefix: numbering.prefix,
      nextNumber: Number(numbering.lastNumber) + 1,
      highestUsed: Number(numbering.highestUsed),
    },
  };
}

const EMAIL = /^[^\s@<>"(),;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

function webUrl(value: string | null, what: string): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw Errors.unprocessable(`${what} must be a web address starting with https:// or http://`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw Errors.unprocessable(`${what} must be a web address starting with https:// or http://`);
  return value;
}

/** Checks and saves the business details; the name is required, the rest may be empty (null). */
export async function saveBusinessDetails(
  ctx: TenancyContext,
  locationId: string,
  details: LocationDetailsRow,
): Promise<void> {
  const all = [details.name, details.email, details.phone, details.website, details.logoUrl];
  for (const value of [...all, ...Object.values(details.address)]) {
    if (value !== null && (value.length > 500 || CONTROL.test(value)))
      throw Errors.unprocessable('Fields must be at most 500 characters, without control characters');
  }
  if (details.name.trim() === '') throw Errors.unprocessable('The business name is required');
  if (details.email !== null && !EMAIL.test(details.email))
    throw Errors.unprocessable('The email address is not valid');
  const checked = {
    ...details,
    website: webUrl(details.website, 'The website'),
    logoUrl: webUrl(details.logoUrl, 'The logo URL'),
  };
  if (!(await updateLocationDetails(ctx.store.db, locationId, checked)))
    throw Errors.notFound('Location not found');
}

export async function setLocationTestMode(
  ctx: TenancyContext,
  locationId: string,
  testMode: boolean,
): Promise<void> {
  if (!(await updateTestMode(ctx.store.db, locationId, testMode)))
    throw Errors.notFound('Location not found');
}

export const MAX_INVOICE_NUMBER = 999_999_999_999;

/**
 * The prefix of new invoices and the number the next generated one gets. The next number must be above
 * every number the location's invoices use (the counter never hands out a number twice).
 */
export async function saveInvoiceNumbering(
  ctx: TenancyContext,
  locationId: string,
  input: { prefix: string; nextNumber: number },
): Promise<void> {
  const prefix = input.prefix.trim();
  if (prefix.length > 20 || CONTROL.test(prefix))
    throw Errors.unprocessable('The prefix must be at most 20 characters');
  if (
    !Number.isSafeInteger(input.nextNumber) ||
    input.nextNumber < 1 ||
    input.nextNumber > MAX_INVOICE_NUMBER
  )
    throw Errors.unprocessable(`The next number must be a whole number from 1 to ${MAX_INVOICE_NUMBER}`);
  await ctx.store.db.transaction().execute(async (trx) => {
    if (!(await getLocation(trx, locationId))) throw Errors.notFound('Location not found');
    await lockNumberCounter(trx, locationId);
    const numbering = await locationNumbering(trx, locationId);
    const highest = Number(numbering?.highestUsed ?? 0);
    if (input.nextNumber <= highest)
      throw Errors.unprocessable(
        `The next number must be above ${highest}, the highest number an invoice of this location has`,
      );
    await writeNumbering(trx, locationId, prefix, input.nextNumber - 1);
  });
}
