/**
 * The shapes an invoice is made of, as the API accepts them and the store keeps them (JSON columns).
 * Amounts in these inputs are major units; the store keeps minor units (see money.ts).
 */
import type { RemindersConfiguration } from './reminders.ts';
export interface PostalAddress {
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  countryCode?: string;
  postalCode?: string;
}

export interface BusinessDetails {
  logoUrl?: string;
  name?: string;
  phoneNo?: string;
  address?: PostalAddress;
  website?: string;
  customValues?: string[];
}

export interface ContactDetails {
  id: string;
  name: string;
  /** Optional although the official DTO requires it: the send rules cover a contact without one. */
  phoneNo?: string;
  email?: string;
  additionalEmails?: Array<{ email: string }>;
  companyName?: string;
  address?: PostalAddress;
  customFields?: string[];
}

export interface Discount {
  type: 'percentage' | 'fixed';
  value?: number;
  validOnProductIds?: string[];
}

export interface SentTo {
  email: string[];
  emailCc?: string[];
  emailBcc?: string[];
  phoneNo?: string[];
}

export interface ItemTax {
  _id: string;
  name: string;
  rate: number;
  calculation?: 'exclusive';
  description?: string;
  taxId?: string;
}

export interface InvoiceItemInput {
  name: string;
  description?: string;
  productId?: string;
  priceId?: string;
  currency: string;
  /** Unit price in major units. */
  amount: number;
  qty: number;
  taxes?: ItemTax[];
  automaticTaxCategoryId?: string;
  isSetupFeeItem?: boolean;
  type?: 'one_time' | 'recurring';
  taxInclusive?: boolean;
}

/** Item fields kept and echoed back without being acted on. */
export interface ItemExtra {
  automaticTaxCategoryId?: string;
  isSetupFeeItem?: boolean;
}

/** An object the API keeps and returns as it was given. */
export type OpaqueObject = Record<string, unknown>;

/** Invoice fields kept and echoed back without being acted on (docs/decisions.md, "API shape"). */
export interface EchoedFields {
  automaticTaxesEnabled?: boolean;
  tipsConfiguration?: OpaqueObject;
  paymentMethods?: OpaqueObject;
  attachments?: OpaqueObject[];
  miscellaneousCharges?: OpaqueObject;
  lateFeesConfiguration?: OpaqueObject;
  description?: string;
  xeroDetails?: OpaqueObject;
  /** Reminders (domain/reminders.ts): acted on by the scheduler's reminders task. */
  remindersConfiguration?: RemindersConfiguration;
}

export const ECHOED_FIELDS = [
  'automaticTaxesEnabled',
  'tipsConfiguration',
  'paymentMethods',
  'attachments',
  'miscellaneousCharges',
  'lateFeesConfiguration',
  'description',
  'xeroDetails',
  'remindersConfiguration',
] as const satisfies ReadonlyArray<keyof EchoedFields>;

/** The echoed fields `input` carries, over those already kept (`base`). */
export function echoedFields(input: EchoedFields, base: EchoedFields = {}): EchoedFields {
  const kept: EchoedFields = { ...base };
  for (const field of ECHOED_FIELDS) {
    if (input[field] !== undefined) Object.assign(kept, { [field]: input[field] });
  }
  return kept;
}

/** Tax per name and rate, minor units (totals.ts computeTotals). */
export interface TaxLine {
  name: string;
  rate: number;
  amount: number;
}

/** The send's autoPayment settings (docs/send-invoice.md §4), stored on the invoice. */
export interface AutoPayment {
  enable: boolean;
  type?: string;
  paymentMethodId?: string;
  customerId?: string;
  card?: OpaqueObject;
  usBankAccount?: OpaqueObject;
  sepaDirectDebit?: OpaqueObject;
  bacsDirectDebit?: OpaqueObject;
  becsDirectDebit?: OpaqueObject;
  cardId?: string;
  provider?: OpaqueObject;
}
