/**
 * GET /invoices/settings and PATCH /invoices/stats/last-visited-at (issue #12 item 4). Settings are what
 * this service does for a location's invoices today, read from the location; nothing here is a setting
 * that is stored but not acted on.
 */
import { Errors } from '../errors.ts';
import { recordInvoiceVisit } from '../store/invoice-visits.ts';
import { getLocation } from '../store/tenants.ts';
import type { StoreContext } from './context.ts';

export interface InvoiceSettings {
  altId: string;
  altType: 'location';
  title: string;
  invoiceNumberPrefix: string;
  /** A new invoice without a dueDate is due on its issue date. */
  dueAfterXDays: number;
  customFields: string[];
  businessDetails: {
    name: string;
    logoUrl?: string;
    phoneNo?: string;
    website?: string;
    address?: Record<string, string>;
  };
  senderConfiguration: { fromName: string; fromEmail?: string };
  tipsConfiguration: { tipsEnabled: boolean; tipsPercentage: string[] };
  paymentMethods: { stripe: { enableBankDebitOnly: boolean } };
}

export async function getInvoiceSettings(ctx: StoreContext, locationId: string): Promise<InvoiceSettings> {
  const location = await getLocation(ctx.store.db, locationId);
  if (!location) throw Errors.notFound('Location not found');
  const address = Object.keys(location.address ?? {}).length > 0 ? location.address : undefined;
  return {
    altId: location.id,
    altType: 'location',
    title: 'INVOICE',
    invoiceNumberPrefix: location.invoice_number_prefix,
    dueAfterXDays: 0,
    customFields: [],
    businessDetails: {
      name: location.name,
      ...(location.logo_url ? { logoUrl: location.logo_url } : {}),
      ...(location.phone ? { phoneNo: location.phone } : {}),
      ...(location.website ? { website: location.website } : {}),
      ...(address ? { address } : {}),
    },
    senderConfiguration: {
      fromName: location.name,
      ...(location.email ? { fromEmail: location.email } : {}),
    },
    tipsConfiguration: { tipsEnabled: false, tipsPercentage: [] },
    paymentMethods: { stripe: { enableBankDebitOnly: false } },
  };
}

/** Notes that the token's user opened the invoice now; another tenant's invoice is not found. */
export async function markInvoiceVisited(
  ctx: StoreContext,
  reach: { companyId: string; locationId: string | null },
  invoiceId: string,
): Promise<void> {
  if (!(await recordInvoiceVisit(ctx.store.db, invoiceId, reach))) throw Errors.invoiceNotFound();
}
