/** Reading the invoice page's forms: strings only, trimmed, a repeated name is a refusal. */
import { isCalendarDay } from '../../domain/calendar-day.ts';
import { currencyExponent, MAX_MAJOR_AMOUNT } from '../../domain/money.ts';
import { AppError } from '../../errors.ts';
import { DashboardError } from '../errors.ts';

export type Form = Record<string, unknown>;

export function formOf(body: unknown): Form {
  return body && typeof body === 'object' ? (body as Form) : {};
}

/** The field's trimmed text; '' when absent. A field sent twice is refused. */
export function text(form: Form, name: string, max = 2000): string {
  const value = form[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new FormError(`The field ${name} was sent more than once.`);
  const trimmed = value.trim();
  if (trimmed.length > max) throw new FormError(`The field ${name} is longer than ${max} characters.`);
  return trimmed;
}

/** A refusal of what the form says: the page is shown again with the message. */
export class FormError extends DashboardError {
  constructor(message: string) {
    super(422, message);
  }
}

/**
 * "1,234.50" -> 1234.5: a positive amount in major units with at most the currency's decimals, as
 * the use cases take it (they convert to minor units). Undefined for an empty field.
 */
export function majorAmount(value: string, currency: string, label: string): number | undefined {
  if (value === '') return undefined;
  const plain = value.replace(/[,\s]/g, '');
  const decimals = currencyExponent(currency);
  const shape = decimals > 0 ? new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`) : /^\d+$/;
  if (!shape.test(plain)) {
    throw new FormError(
      decimals > 0
        ? `${label} must be a number with at most ${decimals} decimals, e.g. 125.50.`
        : `${label} must be a whole number in ${currency}.`,
    );
  }
  const amount = Number(plain);
  if (!(amount > 0)) throw new FormError(`${label} must be more than 0.`);
  if (amount > MAX_MAJOR_AMOUNT) throw new FormError(`${label} is too large.`);
  return amount;
}

/** YYYY-MM-DD of a real date, or undefined when empty. */
export function isoDate(value: string, label: string): string | undefined {
  if (value === '') return undefined;
  if (!isCalendarDay(value)) throw new FormError(`${label} must be a date (YYYY-MM-DD).`);
  return new Date(`${value}T12:00:00Z`).toISOString();
}

/** A message the person can act on, from a refusal of a form or a use case (not a missing invoice). */
export function refusalOf(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof FormError) return { status: error.statusCode, message: error.message };
  if (error instanceof AppError && error.statusCode !== 404 && error.statusCode < 500) {
    return { status: error.statusCode, message: error.message };
  }
  return undefined;
}
