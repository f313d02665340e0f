/**
 * Reads the dashboard's schedules, estimates and templates screens need that the API has no operation
 * for: one estimate with its customer link, and the location's details a new document starts from.
 */
import type { BusinessDetails, PostalAddress } from '../domain/invoice.ts';
import { Errors } from '../errors.ts';
import { findEstimate } from '../store/estimates.ts';
import { getLocation } from '../store/tenants.ts';
import type { StoreContext } from './context.ts';
import { type EstimateView, estimateView } from './estimate-view.ts';

/** One estimate of the location and the token of its customer page (/e/{token}); 404 for any other. */
export async function getEstimateWithLink(
  ctx: StoreContext,
  locationId: string,
  id: string,
): Promise<{ estimate: EstimateView; publicToken: string }> {
  const row = await findEstimate(ctx.store.db, locationId, id);
  if (!row) throw Errors.notFound('Estimate not found');
  return { estimate: estimateView(row), publicToken: row.public_token };
}

/** What a new schedule or estimate of the location starts from: the business's details and time zone. */
export async function documentDefaults(
  ctx: StoreContext,
  locationId: string,
): Promise<{ businessDetails: BusinessDetails; timezone: string | null }> {
  const location = await getLocation(ctx.store.db, locationId);
  if (!location) throw Errors.notFound('Location not found');
  const address = location.address as PostalAddress;
  return {
    businessDetails: {
      name: location.name,
      ...(location.phone ? { phoneNo: location.phone } : {}),
      ...(location.website ? { website: location.website } : {}),
      ...(Object.keys(address ?? {}).length > 0 ? { address } : {}),
    },
    timezone: location.timezone,
  };
}
