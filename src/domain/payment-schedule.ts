/**
 * Payment schedules: an invoice's total split into entries due on their own dates (docs/payments.md).
 * Entries are kept in minor units; which are paid follows from the ledger (ledger.ts settleEntries).
 */
import { Errors } from '../errors.ts';
import { MoneyError, percentOf, toDecimal, toMajor, toMinor } from './money.ts';

export type ScheduleType = 'fixed' | 'percentage';

/** An entry as the API takes it: `value` is major units (fixed) or a percentage of the total. */
export interface ScheduleEntryInput {
  name?: string;
  value: number;
  dueDate: string;
}

export interface PaymentScheduleInput {
  type: ScheduleType;
  schedules: ScheduleEntryInput[];
}

export interface ScheduleEntry {
  _id: string;
  name: string;
  /** As given: major units or a percentage. */
  value: number;
  dueDate: string;
  /** Minor units. */
  amount: number;
  status: 'pending' | 'paid';
}

export interface PaymentSchedule {
  type: ScheduleType;
  schedules: ScheduleEntry[];
}

const MAX_PERCENT_DECIMALS = 4;

/**
 * The entries of a schedule for an invoice total (minor units). Percentages are rounded in minor units
 * and the last entry takes the remainder, so the entries always sum to the total exactly; fixed entries
 * must sum to it. Problems with a value are 422s (like any amount); entries that do not add up are 400s.
 */
export function computeSchedule(
  input: PaymentScheduleInput,
  total: number,
  currency: string,
  idFor: (index: number) => string,
): PaymentSchedule {
  if (input.schedules.length === 0) throw Errors.badRequest('paymentSchedule.schedules must not be empty');
  const field = (i: number) => `paymentSchedule.schedules.${i}.value`;
  const problems: string[] = [];
  const amounts = input.type === 'fixed' ? fixedAmounts(input, currency, field, problems) : [];
  const percents = input.type === 'percentage' ? percentages(input, field, problems) : [];
  if (problems.length > 0) throw Errors.unprocessable(problems);

  if (input.type === 'fixed') {
    const sum = amounts.reduce((a, b) => a + b, 0);
    if (sum !== total) {
      throw Errors.badRequest(
        `paymentSchedule: the fixed entries sum to ${toMajor(sum, currency)} ${currency} but the invoice total is ${toMajor(total, currency)} ${currency}`,
      );
    }
  } else {
    const sum = percents.reduce((a, b) => a + b, 0n);
    if (sum !== 100n * 10n ** BigInt(MAX_PERCENT_DECIMALS)) {
      throw Errors.badRequest('paymentSchedule: the percentage entries must add up to 100');
    }
    let rest = total;
    percents.forEach((p, i) => {
      const share =
        i === percents.length - 1 ? rest : percentOf(total, { units: p, scale: MAX_PERCENT_DECIMALS });
      amounts.push(share);
      rest -= share;
    });
  }
  if (amounts.some((a) => a <= 0))
    throw Errors.badRequest('paymentSchedule: every entry must be more than 0');
  return {
    type: input.type,
    schedules: input.schedules.map((entry, i) => ({
      _id: idFor(i),
      name: entry.name?.trim() || `Payment ${i + 1}`,
      value: entry.value,
      dueDate: entry.dueDate,
      amount: amounts[i]!,
      status: 'pending',
    })),
  };
}

function fixedAmounts(
  input: PaymentScheduleInput,
  currency: string,
  field: (i: number) => string,
  problems: string[],
): number[] {
  return input.schedules.map((entry, i) => {
    try {
      const minor = toMinor(entry.value, currency);
      if (minor <= 0) problems.push(`${field(i)} must be greater than 0`);
      return minor;
    } catch (err) {
      if (!(err instanceof MoneyError)) throw err;
      problems.push(`${field(i)} ${err.message}`);
      return 0;
    }
  });
}

/** Percentages as integers over 10^4, so that their sum is exact. */
function percentages(
  input: PaymentScheduleInput,
  field: (i: number) => string,
  problems: string[],
): bigint[] {
  return input.schedules.map((entry, i) => {
    if (!Number.isFinite(entry.value) || entry.value <= 0 || entry.value > 100) {
      problems.push(`${field(i)} must be a percentage greater than 0 and at most 100`);
      return 0n;
    }
    const d = toDecimal(entry.value);
    if (d.scale > MAX_PERCENT_DECIMALS) {
      problems.push(`${field(i)} must have at most ${MAX_PERCENT_DECIMALS} decimal places`);
      return 0n;
    }
    return d.units * 10n ** BigInt(MAX_PERCENT_DECIMALS - d.scale);
  });
}

/** The entry a customer pays next: the earliest pending one. */
export function nextEntry(schedule: PaymentSchedule | null): ScheduleEntry | undefined {
  return schedule?.schedules
    .filter((e) => e.status === 'pending')
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))[0];
}
