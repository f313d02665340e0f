/**
 * Our minor units (ISO 4217 exponents, domain/money.ts) <-> the integer amounts Stripe's API takes, by
 * Stripe's currency rules (https://docs.stripe.com/currencies).
 *
 * Stripe's zero-decimal list against ours (domain/money.ts exponent 0):
 * - MGA: ISO has 2 decimals, Stripe none: whole ariary only.
 * - ISK: ISO has 0 decimals, Stripe keeps 2 in its API for compatibility but charges whole krónur only
 *   (500 = ISK 5): our 5 becomes 500.
 * - UYI (ISO 0) is not on Stripe's list: Stripe counts every unlisted currency as two-decimal.
 * - The rest agree (BIF CLP DJF GNF JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF).
 * Three-decimal (BHD JOD KWD OMR TND): Stripe takes thousandths but the last digit must be 0. IQD and LYD
 * (ISO 3) and CLF, UYW (ISO 4) are not on that list, so Stripe counts them two-decimal too.
 * HUF and TWD are zero-decimal for Stripe payouts only: charges take two decimals, as ISO does.
 */
import { currencyExponent } from '../domain/money.ts';

const STRIPE_ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);

const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Multiples Stripe requires, in its own units: three-decimal amounts end in 0, ISK is whole krónur. */
function stripeStep(currency: string): number {
  if (STRIPE_THREE_DECIMAL.has(currency)) return 10;
  if (currency === 'ISK') return 100;
  return 1;
}

function stripeExponent(currency: string): number {
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (STRIPE_THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** An amount Stripe cannot charge in its currency; the message says what would work. */
export class StripeAmountError extends Error {
  override name = 'StripeAmountError';
  constructor(
    message: string,
    readonly currency: string,
    readonly amount: number,
  ) {
    super(message);
  }
}

/** The smallest step of our minor units that Stripe can charge, e.g. 10 for KWD, 100 for MGA. */
function minorStep(currency: string): number {
  const shift = currencyExponent(currency) - stripeExponent(currency);
  const step = stripeStep(currency);
  return shift >= 0 ? step * 10 ** shift : Math.max(1, step / 10 ** -shift);
}

function formatStep(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Our minor units -> the amount Stripe takes for `currency` (ISO code, any case). */
export function stripeAmount(minor: number, currency: string): number {
  const code = currency.toUpperCase();
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new StripeAmountError(
      `${code} amount must be a whole number of minor units, got ${minor}`,
      code,
      minor,
    );
  }
  const step = minorStep(code);
  if (minor % step !== 0) {
    const shown = formatStep(step, currencyExponent(code));
    throw new StripeAmountError(
      `${code} amounts must be a multiple of ${shown} for online payment`,
      code,
      minor,
    );
  }
  const shift = currencyExponent(code) - stripeExponent(code);
  return shift >= 0 ? minor / 10 ** shift : minor * 10 ** -shift;
}

/**
 * A Stripe amount (from an object or event) -> our minor units. Stripe never reports fractions of what it
 * charges, so the division is exact for our own payments; anything else is rounded to the nearest unit.
 */
export function fromStripeAmount(amount: number, currency: string): number {
  const code = currency.toUpperCase();
  const shift = currencyExponent(code) - stripeExponent(code);
  return shift >= 0 ? amount * 10 ** shift : Math.round(amount / 10 ** -shift);
}
