/**
 * Money as integer minor units of an ISO 4217 currency. Amounts arrive as JSON numbers in major units
 * (999.5 = 999.50 USD); they are converted through their shortest decimal text, never multiplied as floats.
 */

/** ISO 4217 minor-unit exponents that differ from 2. Every other listed currency uses 2. */
const EXPONENT_EXCEPTIONS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const KNOWN = new Set<string>(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [],
);

/** The largest amount we accept in major units: keeps every minor-unit sum a safe integer. */
export const MAX_MAJOR_AMOUNT = 1_000_000_000_000;

export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && (KNOWN.size === 0 || KNOWN.has(code) || code in EXPONENT_EXCEPTIONS);
}

export function currencyExponent(code: string): number {
  return EXPONENT_EXCEPTIONS[code] ?? 2;
}

export class MoneyError extends Error {
  override name = 'MoneyError';
}

/** Exact decimal text of a finite JSON number ("1e-7" -> "0.0000001"). */
export function decimalText(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyError('must be a finite number');
  const text = String(value);
  if (!/e/i.test(text)) return text;
  const [mantissa, expPart] = text.toLowerCase().split('e') as [string, string];
  const exp = Number(expPart);
  const negative = mantissa.startsWith('-');
  const [intDigits, fracDigits = ''] = mantissa.replace('-', '').split('.') as [string, string?];
  const digits = intDigits + fracDigits;
  const point = intDigits.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + out;
}

/**
 * Major units (JSON number) -> integer minor units. Throws MoneyError when the amount has more decimals
 * than the currency allows (999.999 USD) or is out of range.
 */
export function toMinor(major: number, currency: string): number {
  const exponent = currencyExponent(currency);
  const text = decimalText(major);
  if (Math.abs(major) > MAX_MAJOR_AMOUNT) throw new MoneyError(`must not exceed ${MAX_MAJOR_AMOUNT}`);
  const negative = text.startsWith('-');
  const [intPart, fracPart = ''] = text.replace('-', '').split('.') as [string, string?];
  if (fracPart.length > exponent) {
    throw new MoneyError(
      exponent === 0
        ? `must be a whole number: ${currency} has no minor unit`
        : `must have at most ${exponent} decimal places for ${currency}`,
    );
  }
  const minor = Number(BigInt(intPart + fracPart.padEnd(exponent, '0')));
  return negative && minor !== 0 ? -minor : minor;
}

/** Integer minor units -> JSON number in major units (exact for every safe integer amount). */
export function toMajor(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return minor;
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const text = `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return Number(negative ? `-${text}` : text);
}

/** Divides and rounds half away from zero, in integers. */
function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** An exact decimal (quantity, tax rate, percentage) as integer `units` over 10^scale. */
export interface Decimal {
  units: bigint;
  scale: number;
}

export function toDecimal(value: number): Decimal {
  const text = decimalText(value);
  const [intPart, fracPart = ''] = text.replace('-', '').split('.') as [string, string?];
  const units = BigInt(intPart + fracPart);
  return { units: text.startsWith('-') ? -units : units, scale: fracPart.length };
}

/** minor x decimal, rounded half away from zero. */
export function multiplyMinor(minor: number, factor: Decimal): number {
  return Number(divRound(BigInt(minor) * factor.units, 10n ** BigInt(factor.scale)));
}

/** minor x percent / 100, rounded half away from zero. */
export function percentOf(minor: number, percent: Decimal): number {
  return Number(divRound(BigInt(minor) * percent.units, 100n * 10n ** BigInt(percent.scale)));
}

/**
 * Splits `amount` over `weights` in proportion, by largest remainder: the parts always sum to `amount`
 * exactly (an invoice-level discount allocated to its lines).
 */
export function allocate(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  const big = BigInt(amount);
  const bigTotal = BigInt(total);
  const parts = weights.map((w) => (big * BigInt(w)) / bigTotal);
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % bigTotal }));
  let left = Number(big - parts.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i]! += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

const formats = new Map<string, Intl.NumberFormat>();

/** Display form for people: "$1,234.50", "¥1,235", "KWD 1.250" (locale en-US). */
export function formatMoney(minor: number, currency: string): string {
  let format = formats.get(currency);
  if (format === undefined) {
    // Building a NumberFormat costs far more than using one; a PDF formats dozens of amounts.
    const exponent = currencyExponent(currency);
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formats.set(currency, format);
  }
  return format.format(toMajor(minor, currency));
}
