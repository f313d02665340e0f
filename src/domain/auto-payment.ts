/**
 * Auto-payment (docs/send-invoice.md §4), with no I/O: what a send may store, what it refuses, which
 * charges an invoice gets and when, and when a failed charge is tried again.
 */
import type { AutoPayment } from './invoice.ts';
import type { PaymentSchedule } from './payment-schedule.ts';
import { isCardNumber } from './test-cards.ts';

/** The DTO's objects that only describe the method for display; `provider` is opaque too. */
const DISPLAY_FIELDS = [
  'card',
  'usBankAccount',
  'sepaDirectDebit',
  'bacsDirectDebit',
  'becsDirectDebit',
  'provider',
] as const;

/** Keys that hold a card number or a CVC, compared lower-case without `_` and `-`. */
const SECRET_KEYS = new Set([
  'number',
  'cardnumber',
  'pan',
  'primaryaccountnumber',
  'cvc',
  'cvc2',
  'cvv',
  'cvv2',
  'securitycode',
  'cardsecuritycode',
]);

/** Runs of 12 to 19 digits, single spaces or dashes allowed between them (how people write card numbers). */
const DIGIT_RUN = /\d(?:[ -]?\d)+/g;

function holdsCardNumber(text: string): boolean {
  for (const run of text.match(DIGIT_RUN) ?? []) {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length >= 12 && digits.length <= 19 && isCardNumber(digits)) return true;
  }
  return false;
}

/** Whether a value (at any depth) holds a card number, or a key meant for a card number or CVC. */
export function containsCardData(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return holdsCardNumber(String(value));
  if (Array.isArray(value)) return value.some(containsCardData);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, inner]) => {
    const secretKey = SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''));
    if (secretKey && inner !== null && inner !== undefined && inner !== '') return true;
    return containsCardData(inner);
  });
}

/** The method a send names: paymentMethodId wins over cardId when both are given. */
export function methodOf(
  autoPayment: AutoPayment,
): { field: 'paymentMethodId' | 'cardId'; ref: string } | undefined {
  if (autoPayment.paymentMethodId !== undefined)
    return { field: 'paymentMethodId', ref: autoPayment.paymentMethodId };
  if (autoPayment.cardId !== undefined) return { field: 'cardId', ref: autoPayment.cardId };
  return undefined;
}

/** The 422 message for an autoPayment that cannot be accepted whatever the provider knows; undefined if none. */
export function autoPaymentRefusal(autoPayment: AutoPayment): string | undefined {
  for (const field of DISPLAY_FIELDS) {
    if (containsCardData(autoPayment[field]))
      return `autoPayment.${field} must not contain a card number or CVC`;
  }
  if (!autoPayment.enable) return undefined;
  if (methodOf(autoPayment) === undefined)
    return 'autoPayment.paymentMethodId or autoPayment.cardId is required when autoPayment.enable is true';
  if (autoPayment.customerId === undefined)
    return 'autoPayment.customerId is required when autoPayment.enable is true';
  return undefined;
}

/** A card as display data: a short brand and 4 digits, or nothing. */
function displayCard(card: unknown): { brand: string; last4: string } | undefined {
  if (card === null || typeof card !== 'object') return undefined;
  const { brand, last4 } = card as { brand?: unknown; last4?: unknown };
  if (typeof brand !== 'string' || brand.length > 50 || typeof last4 !== 'string') return undefined;
  return /^\d{4}$/.test(last4) ? { brand, last4 } : undefined;
}

/**
 * What an invoice keeps of a send's autoPayment: ids, the type and a card's brand and last 4 digits
 * (from the provider's saved method when it was looked up). The other objects are display data.
 */
export function storedAutoPayment(
  autoPayment: AutoPayment,
  method?: { type: string; brand?: string; last4?: string },
): AutoPayment {
  const card =
    method?.brand && method.last4
      ? { brand: method.brand, last4: method.last4 }
      : displayCard(autoPayment.card);
  const type = method?.type ?? autoPayment.type;
  return {
    enable: autoPayment.enable,
    ...(type !== undefined ? { type } : {}),
    ...(autoPayment.paymentMethodId !== undefined ? { paymentMethodId: autoPayment.paymentMethodId } : {}),
    ...(autoPayment.cardId !== undefined ? { cardId: autoPayment.cardId } : {}),
    ...(autoPayment.customerId !== undefined ? { customerId: autoPayment.customerId } : {}),
    ...(card ? { card } : {}),
  };
}

/** A charge a send schedules: the whole amount open, or one pending schedule entry. */
export interface PlannedCharge {
  entryId: string | null;
  /** Minor units. */
  amount: number;
  dueDate: string;
}

const byDueDate = (a: { dueDate: string }, b: { dueDate: string }) =>
  a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0;

/**
 * One charge per pending schedule entry (on its own due date), else one for the invoice. What is open
 * (minor units) is shared out in due-date order, so the charges never add up to more than is due.
 */
export function plannedCharges(
  invoice: { due_date: string; payment_schedule: PaymentSchedule | null },
  open: number,
): PlannedCharge[] {
  if (open <= 0) return [];
  const entries = invoice.payment_schedule?.schedules.filter((e) => e.status === 'pending') ?? [];
  if (entries.length === 0) return [{ entryId: null, amount: open, dueDate: invoice.due_date }];
  let rest = open;
  const planned: PlannedCharge[] = [];
  for (const entry of [...entries].sort(byDueDate)) {
    const amount = Math.min(entry.amount, rest);
    if (amount <= 0) break;
    planned.push({ entryId: entry._id, amount, dueDate: entry.dueDate });
    rest -= amount;
  }
  return planned;
}

/** 00:00 UTC of the due date (YYYY-MM-DD), or now when that has passed. */
export function chargeRunAt(dueDate: string, now: Date): Date {
  const due = new Date(`${dueDate.slice(0, 10)}T00:00:00.000Z`);
  return due.getTime() > now.getTime() ? due : now;
}

/** The idempotency key of an attempt: the same attempt never charges twice, at any provider. */
export function chargeKey(invoiceId: string, entryId: string | null, attempt: number): string {
  return `charge:${invoiceId}:${entryId ?? 'invoice'}:${attempt}`;
}

/** Days from a failed attempt to the next one: attempts 2, 3 and 4; there is no fifth. */
const RETRY_DAYS = [1, 3, 5];
export const MAX_CHARGE_ATTEMPTS = RETRY_DAYS.length + 1;

/** When the attempt after failed attempt `attempt` runs; undefined when none is left. */
export function retryRunAt(attempt: number, failedAt: Date): Date | undefined {
  const days = RETRY_DAYS[attempt - 1];
  return days === undefined ? undefined : new Date(failedAt.getTime() + days * 86_400_000);
}
