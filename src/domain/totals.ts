/** An invoice's totals in integer minor units, from its items and discount (docs/decisions.md, "Money"). */
import { Errors } from '../errors.ts';
import type { Discount, ItemTax } from './invoice.ts';
import {
  allocate,
  type Decimal,
  isKnownCurrency,
  MoneyError,
  multiplyMinor,
  percentOf,
  toDecimal,
  toMinor,
} from './money.ts';

export interface ItemInput {
  name: string;
  currency: string;
  /** Unit price in major units. */
  amount: number;
  qty: number;
  productId?: string;
  taxes?: ItemTax[];
  taxInclusive?: boolean;
}

export interface PricedItem {
  /** Unit price, minor units. */
  amount: number;
  /** Exact quantity text for the numeric column. */
  qty: string;
  /** qty x amount, minor units, rounded half away from zero. */
  lineTotal: number;
  discount: number;
  tax: number;
}

export interface InvoiceTotals {
  items: PricedItem[];
  subTotal: number;
  discountTotal: number;
  /** Tax per tax name and rate, in the order first seen. */
  taxes: Array<{ name: string; rate: number; amount: number }>;
  taxTotal: number;
  total: number;
}

const MAX_QTY_DECIMALS = 4;
const MAX_RATE_DECIMALS = 4;
/** Keeps every sum of up to a few thousand lines a safe integer. */
const MAX_LINE_TOTAL = 2 ** 40;

function minorOrThrow(value: number, currency: string, field: string, problems: string[]): number {
  try {
    return toMinor(value, currency);
  } catch (err) {
    if (err instanceof MoneyError) {
      problems.push(`${field} ${err.message}`);
      return 0;
    }
    throw err;
  }
}

function decimalOrThrow(value: number, field: string, maxPlaces: number, problems: string[]): Decimal {
  if (!Number.isFinite(value)) {
    problems.push(`${field} must be a finite number`);
    return { units: 0n, scale: 0 };
  }
  const d = toDecimal(value);
  if (d.scale > maxPlaces) problems.push(`${field} must have at most ${maxPlaces} decimal places`);
  return d;
}

/**
 * Totals of an invoice from its items and discount. Every problem with the amounts becomes one line of a
 * 422 (class-validator style), so a client sees all of them at once.
 */
export function computeTotals(
  currency: string,
  items: ItemInput[],
  discount: Discount,
  itemsField = 'items',
): InvoiceTotals {
  const problems: string[] = [];
  if (!isKnownCurrency(currency)) problems.push('currency must be an ISO 4217 currency code, e.g. USD');
  const priced = items.map((item, i) => {
    const field = `${itemsField}.${i}`;
    if (item.currency !== currency) {
      problems.push(`${field}.currency must be the invoice currency ${currency}`);
    }
    const amount = minorOrThrow(item.amount, currency, `${field}.amount`, problems);
    if (amount < 0) problems.push(`${field}.amount must not be less than 0`);
    if (!(item.qty > 0)) problems.push(`${field}.qty must be greater than 0`);
    const qty = decimalOrThrow(item.qty, `${field}.qty`, MAX_QTY_DECIMALS, problems);
    for (const [t, tax] of (item.taxes ?? []).entries()) {
      if (!(tax.rate >= 0 && tax.rate <= 100))
        problems.push(`${field}.taxes.${t}.rate must be from 0 to 100`);
      decimalOrThrow(tax.rate, `${field}.taxes.${t}.rate`, MAX_RATE_DECIMALS, problems);
    }
    const lineTotal = problems.length === 0 ? multiplyMinor(amount, qty) : 0;
    if (!Number.isSafeInteger(lineTotal) || lineTotal > MAX_LINE_TOTAL) {
      problems.push(`${field}: amount x qty is too large`);
    }
    return { amount, qty: qtyText(qty), lineTotal, discount: 0, tax: 0 };
  });

  const subTotal = priced.reduce((sum, p) => sum + p.lineTotal, 0);
  const eligible = items.map(
    (item) =>
      discount.validOnProductIds === undefined ||
      discount.validOnProductIds.length === 0 ||
      (item.productId !== undefined && discount.validOnProductIds.includes(item.productId)),
  );
  const eligibleTotal = priced.reduce((sum, p, i) => sum + (eligible[i] ? p.lineTotal : 0), 0);
  const value = discount.value ?? 0;
  let discountTotal = 0;
  if (value < 0) problems.push('discount.value must not be less than 0');
  else if (discount.type === 'percentage') {
    if (value > 100) problems.push('discount.value must not be greater than 100');
    const percent = decimalOrThrow(value, 'discount.value', MAX_RATE_DECIMALS, problems);
    if (problems.length === 0) discountTotal = percentOf(eligibleTotal, percent);
  } else {
    discountTotal = minorOrThrow(value, currency, 'discount.value', problems);
    if (discountTotal > eligibleTotal) {
      problems.push('discount.value must not be greater than the total of the items it applies to');
    }
  }
  if (problems.length > 0) throw Errors.unprocessable(problems);

  const shares = allocate(
    discountTotal,
    priced.map((p, i) => (eligible[i] ? p.lineTotal : 0)),
  );
  const taxes: InvoiceTotals['taxes'] = [];
  let exclusiveTax = 0;
  priced.forEach((p, i) => {
    p.discount = shares[i]!;
    const net = p.lineTotal - p.discount;
    const itemTaxes = items[i]!.taxes ?? [];
    const inclusive = items[i]!.taxInclusive === true;
    const rateSum = itemTaxes.reduce((s, t) => s + toDecimalRatio(t.rate), 0);
    for (const tax of itemTaxes) {
      const rate = toDecimal(tax.rate);
      // An inclusive price already holds its taxes: take each tax's share of it, add nothing on top.
      const amount = inclusive ? inclusiveShare(net, rate, rateSum) : percentOf(net, rate);
      p.tax += amount;
      if (!inclusive) exclusiveTax += amount;
      const bucket = taxes.find((t) => t.name === tax.name && t.rate === tax.rate);
      if (bucket) bucket.amount += amount;
      else taxes.push({ name: tax.name, rate: tax.rate, amount });
    }
  });
  const taxTotal = taxes.reduce((s, t) => s + t.amount, 0);
  return {
    items: priced,
    subTotal,
    discountTotal,
    taxes,
    taxTotal,
    total: subTotal - discountTotal + exclusiveTax,
  };
}

/** Tax rates as integers over 10^4 so that inclusive shares stay exact. */
function toDecimalRatio(rate: number): number {
  const d = toDecimal(rate);
  return Number(d.units) * 10 ** (MAX_RATE_DECIMALS - d.scale);
}

function inclusiveShare(net: number, rate: Decimal, rateSum: number): number {
  const r = BigInt(Number(rate.units) * 10 ** (MAX_RATE_DECIMALS - rate.scale));
  const hundred = 100n * 10n ** BigInt(MAX_RATE_DECIMALS);
  const numerator = BigInt(net) * r * 2n;
  const denominator = (hundred + BigInt(rateSum)) * 2n;
  // Round half away from zero (net is never negative here).
  return Number((numerator + denominator / 2n) / denominator);
}

function qtyText(qty: Decimal): string {
  if (qty.scale === 0) return qty.units.toString();
  const digits = qty.units.toString().padStart(qty.scale + 1, '0');
  return `${digits.slice(0, -qty.scale)}.${digits.slice(-qty.scale)}`;
}
