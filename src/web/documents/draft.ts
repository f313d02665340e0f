/**
 * The part every documents editor shares (schedule, estimate, template): name, currency, contact, item rows
 * and discount, as the form sends them (strings, repeated names as arrays) and as the use cases take them.
 * The form keeps what the person typed; parsing names the first problems in words, never a 5xx.
 */
import type { ContactDetails, Discount, InvoiceItemInput } from '../../domain/invoice.ts';
import { isKnownCurrency, MAX_MAJOR_AMOUNT } from '../../domain/money.ts';

export type FormBody = Record<string, string | string[] | undefined>;

/** One field's value (the first when repeated), trimmed; '' when missing. */
export function field(form: FormBody, name: string, max = 20_000): string {
  const value = form[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one.trim().slice(0, max) : '';
}

/** A repeated field's values, in order. */
export function fields(form: FormBody, name: string, max = 2_000): string[] {
  const value = form[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.map((v) => String(v).trim().slice(0, max));
}

export interface ItemRow {
  name: string;
  description: string;
  amount: string;
  qty: string;
}

export interface DraftForm {
  name: string;
  currency: string;
  contactId: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  items: ItemRow[];
  discountType: 'percentage' | 'fixed';
  discountValue: string;
  /** true = live, false = test. */
  live: boolean;
}

export interface ParsedDraft {
  name: string;
  currency: string;
  contactDetails: ContactDetails;
  items: InvoiceItemInput[];
  discount: Discount;
  liveMode: boolean;
}

export const MAX_ITEMS = 100;
export const EMPTY_ROW: ItemRow = { name: '', description: '', amount: '', qty: '1' };

const blank = (row: ItemRow) => row.name === '' && row.description === '' && row.amount === '';

/** The editor's state from a posted form; `addRow` adds the empty row "Add item" asks for. */
export function draftFromForm(form: FormBody, addRow = false): DraftForm {
  const names = fields(form, 'item_name', 500);
  const descriptions = fields(form, 'item_description');
  const amounts = fields(form, 'item_amount', 40);
  const qtys = fields(form, 'item_qty', 40);
  const rows: ItemRow[] = [];
  for (let i = 0; i < Math.min(names.length, MAX_ITEMS); i++) {
    rows.push({
      name: names[i] ?? '',
      description: descriptions[i] ?? '',
      amount: amounts[i] ?? '',
      qty: qtys[i] ?? '1',
    });
  }
  const kept = rows.filter((row) => !blank(row));
  if ((addRow && kept.length < MAX_ITEMS) || kept.length === 0) kept.push({ ...EMPTY_ROW });
  return {
    name: field(form, 'name', 500),
    currency: field(form, 'currency', 3).toUpperCase(),
    contactId: field(form, 'contact_id', 100),
    contactName: field(form, 'contact_name', 500),
    contactEmail: field(form, 'contact_email', 320),
    contactPhone: field(form, 'contact_phone', 40),
    items: kept,
    discountType: field(form, 'discount_type') === 'fixed' ? 'fixed' : 'percentage',
    discountValue: field(form, 'discount_value', 40),
    live: field(form, 'mode') === 'live',
  };
}

/** A decimal as a person types it ("1,250.50" is refused: one dot, no separators), or null. */
export function decimal(text: string, maxDecimals: number): number | null {
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(text);
  if (!match || (match[2]?.length ?? 0) > maxDecimals) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PHONE = /^\+?[0-9 ().-]{6,30}$/;

function contactProblems(draft: DraftForm): string[] {
  const problems: string[] = [];
  if (draft.contactName === '') problems.push('The contact needs a name.');
  if (draft.contactEmail !== '' && !EMAIL.test(draft.contactEmail))
    problems.push('The contact email does not look like an email address.');
  if (draft.contactPhone !== '' && !PHONE.test(draft.contactPhone))
    problems.push('The contact phone should be digits, e.g. +14155550123.');
  if (draft.contactEmail === '' && draft.contactPhone === '')
    problems.push('The contact needs an email or a phone number.');
  return problems;
}

/** The use-case input of a draft, or the problems a person must fix (each a sentence). */
export function parseDraft(
  draft: DraftForm,
  newContactId: () => string,
  options: { contact: boolean } = { contact: true },
): { ok: true; value: ParsedDraft } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (draft.name === '') problems.push('Give it a name.');
  const currency = draft.currency;
  if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency))
    problems.push('Currency must be a three-letter code such as USD or EUR.');
  if (options.contact) problems.push(...contactProblems(draft));
  const items: InvoiceItemInput[] = [];
  draft.items.forEach((row, i) => {
    if (blank(row)) return;
    const n = i + 1;
    const amount = decimal(row.amount, 3);
    const qty = decimal(row.qty, 4);
    if (row.name === '') problems.push(`Item ${n} needs a name.`);
    if (amount === null || amount > MAX_MAJOR_AMOUNT)
      problems.push(`Item ${n}: the price must be an amount such as 120 or 99.50.`);
    if (qty === null || qty <= 0) problems.push(`Item ${n}: the quantity must be a number above 0.`);
    if (amount !== null && qty !== null)
      items.push({
        name: row.name,
        ...(row.description === '' ? {} : { description: row.description }),
        currency,
        amount,
        qty,
      });
  });
  if (draft.items.every(blank)) problems.push('Add at least one item.');
  const discountValue = draft.discountValue === '' ? 0 : decimal(draft.discountValue, 4);
  if (discountValue === null) problems.push('The discount must be a number such as 10 or 12.5.');
  else if (draft.discountType === 'percentage' && discountValue > 100)
    problems.push('A percentage discount cannot be more than 100.');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: draft.name,
      currency,
      contactDetails: {
        id: draft.contactId || newContactId(),
        name: draft.contactName,
        ...(draft.contactEmail === '' ? {} : { email: draft.contactEmail }),
        ...(draft.contactPhone === '' ? {} : { phoneNo: draft.contactPhone }),
      },
      items,
      discount: { type: draft.discountType, value: discountValue ?? 0 },
      liveMode: draft.live,
    },
  };
}

/** The editor's state of a stored document (a view of the use cases). */
export function draftOf(doc: {
  name: string;
  currency: string;
  contactDetails?: ContactDetails;
  items: InvoiceItemInput[];
  discount?: Discount;
  liveMode?: boolean;
}): DraftForm {
  const c = doc.contactDetails;
  return {
    name: doc.name,
    currency: doc.currency,
    contactId: c?.id ?? '',
    contactName: c?.name ?? '',
    contactEmail: c?.email ?? '',
    contactPhone: c?.phoneNo ?? '',
    items:
      doc.items.length > 0
        ? doc.items.map((i) => ({
            name: i.name,
            description: i.description ?? '',
            amount: String(i.amount),
            qty: String(i.qty),
          }))
        : [{ ...EMPTY_ROW }],
    discountType: doc.discount?.type === 'fixed' ? 'fixed' : 'percentage',
    discountValue: doc.discount?.value ? String(doc.discount.value) : '',
    live: doc.liveMode ?? false,
  };
}

/** A new document's editor state: test or live as the location's default. */
export function emptyDraft(testMode: boolean, currency = 'USD'): DraftForm {
  return {
    name: '',
    currency,
    contactId: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    items: [{ ...EMPTY_ROW }],
    discountType: 'percentage',
    discountValue: '',
    live: !testMode,
  };
}
