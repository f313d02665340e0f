/**
 * The invoice editor's form: what the person typed (strings, kept as typed so a refused form comes back
 * as it was sent), read from a urlencoded body, built from an invoice or a template, and turned into the
 * create / update input the API's use cases take.
 */
import type { InvoiceItemInput, OpaqueObject } from '../../domain/invoice.ts';
import type { InvoiceView } from '../../invoicing/invoice-view.ts';
import type { TemplateView } from '../../invoicing/templates.ts';

export interface ItemRow {
  name: string;
  description: string;
  amount: string;
  qty: string;
  taxName: string;
  taxRate: string;
}

export interface ScheduleRow {
  name: string;
  value: string;
  dueDate: string;
}

export interface EditorForm {
  templateId: string;
  name: string;
  contactId: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  items: ItemRow[];
  discountType: 'percentage' | 'fixed';
  discountValue: string;
  tipsEnabled: boolean;
  tipsPercentages: string;
  lateEnabled: boolean;
  lateType: 'fixed' | 'percentage';
  lateValue: string;
  lateInterval: string;
  lateIntervalCount: string;
  lateGraceDays: string;
  lateMax: string;
  scheduleType: '' | 'fixed' | 'percentage';
  schedule: ScheduleRow[];
  termsNotes: string;
  mode: 'test' | 'live';
}

export const MAX_ITEMS = 100;
export const SCHEDULE_ROWS = 4;
export const LATE_INTERVALS = ['one_time', 'day', 'week', 'month'] as const;

export const emptyItem = (): ItemRow => ({
  name: '',
  description: '',
  amount: '',
  qty: '1',
  taxName: '',
  taxRate: '',
});

type Body = Record<string, unknown>;

function one(body: Body, key: string): string {
  const v = body[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

function all(body: Body, key: string): string[] {
  const v = body[key];
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : ''));
  return typeof v === 'string' ? [v] : [];
}

function rows<T>(body: Body, keys: Record<keyof T, string>, max: number): T[] {
  const columns = Object.entries(keys).map(([field, key]) => [field, all(body, key as string)] as const);
  const count = Math.min(max, Math.max(0, ...columns.map(([, values]) => values.length)));
  return Array.from({ length: count }, (_, i) => {
    const row: Record<string, string> = {};
    for (const [field, values] of columns) row[field] = values[i] ?? '';
    return row as T;
  });
}

const pick = <T extends string>(value: string, allowed: readonly T[], fallback: T): T =>
  (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

/** The form as sent: every field a string (or a box ticked or not), nothing checked yet. */
export function formFromBody(body: Body): EditorForm {
  const items = rows<ItemRow>(
    body,
    {
      name: 'item_name',
      description: 'item_description',
      amount: 'item_amount',
      qty: 'item_qty',
      taxName: 'item_tax_name',
      taxRate: 'item_tax_rate',
    },
    MAX_ITEMS,
  );
  return {
    templateId: one(body, 'templateId'),
    name: one(body, 'name'),
    contactId: one(body, 'contactId'),
    contactName: one(body, 'contactName'),
    contactEmail: one(body, 'contactEmail'),
    contactPhone: one(body, 'contactPhone'),
    issueDate: one(body, 'issueDate'),
    dueDate: one(body, 'dueDate'),
    currency: one(body, 'currency').trim().toUpperCase(),
    items: items.length > 0 ? items : [emptyItem()],
    discountType: pick(one(body, 'discountType'), ['percentage', 'fixed'], 'percentage'),
    discountValue: one(body, 'discountValue'),
    tipsEnabled: one(body, 'tipsEnabled') === 'on',
    tipsPercentages: one(body, 'tipsPercentages'),
    lateEnabled: one(body, 'lateEnabled') === 'on',
    lateType: pick(one(body, 'lateType'), ['fixed', 'percentage'], 'fixed'),
    lateValue: one(body, 'lateValue'),
    lateInterval: pick(one(body, 'lateInterval'), LATE_INTERVALS, 'one_time'),
    lateIntervalCount: one(body, 'lateIntervalCount'),
    lateGraceDays: one(body, 'lateGraceDays'),
    lateMax: one(body, 'lateMax'),
    scheduleType: pick(one(body, 'scheduleType'), ['', 'fixed', 'percentage'], ''),
    schedule: rows<ScheduleRow>(
      body,
      { name: 'schedule_name', value: 'schedule_value', dueDate: 'schedule_due' },
      SCHEDULE_ROWS,
    ),
    termsNotes: one(body, 'termsNotes'),
    mode: one(body, 'mode') === 'live' ? 'live' : 'test',
  };
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

function itemRowsOf(items: InvoiceItemInput[]): ItemRow[] {
  return items.map((item) => ({
    name: item.name,
    description: item.description ?? '',
    amount: text(item.amount),
    qty: text(item.qty),
    taxName: item.taxes?.[0]?.name ?? '',
    taxRate: text(item.taxes?.[0]?.rate),
  }));
}

function configFields(
  tips: OpaqueObject | undefined,
  late: OpaqueObject | undefined,
): Pick<
  EditorForm,
  | 'tipsEnabled'
  | 'tipsPercentages'
  | 'lateEnabled'
  | 'lateType'
  | 'lateValue'
  | 'lateInterval'
  | 'lateIntervalCount'
  | 'lateGraceDays'
  | 'lateMax'
> {
  const percentages = Array.isArray(tips?.tipsPercentage) ? tips.tipsPercentage.map(String) : [];
  const frequency = (late?.frequency ?? {}) as { interval?: unknown; intervalCount?: unknown };
  const grace = (late?.grace ?? {}) as { intervalCount?: unknown };
  const max = (late?.maxLateFees ?? {}) as { value?: unknown };
  return {
    tipsEnabled: tips?.tipsEnabled === true,
    tipsPercentages: percentages.join(', '),
    lateEnabled: late?.enable === true,
    lateType: late?.type === 'percentage' ? 'percentage' : 'fixed',
    lateValue: late?.value === undefined ? '' : String(late.value),
    lateInterval: pick(String(frequency.interval ?? ''), LATE_INTERVALS, 'one_time'),
    lateIntervalCount: frequency.intervalCount === undefined ? '' : String(frequency.intervalCount),
    lateGraceDays: grace.intervalCount === undefined ? '' : String(grace.intervalCount),
    lateMax: max.value === undefined ? '' : String(max.value),
  };
}

/** A blank form for a new invoice of the location (test mode when the location is in test mode). */
export function newForm(today: string, testMode: boolean, currency = 'USD'): EditorForm {
  return {
    templateId: '',
    name: 'Invoice',
    contactId: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    issueDate: today,
    dueDate: today,
    currency,
    items: [emptyItem()],
    discountType: 'percentage',
    discountValue: '',
    ...configFields(undefined, undefined),
    scheduleType: '',
    schedule: [],
    termsNotes: '',
    mode: testMode ? 'test' : 'live',
  };
}

/** A new invoice's form filled from a template (its items, discount, terms, tips and late fees). */
export function formFromTemplate(template: TemplateView, base: EditorForm): EditorForm {
  const discount = template.discount ?? { type: 'percentage', value: 0 };
  return {
    ...base,
    templateId: template._id,
    name: template.name,
    currency: template.currency,
    items: template.items.length > 0 ? itemRowsOf(template.items) : base.items,
    discountType: discount.type,
    discountValue: discount.value ? String(discount.value) : '',
    termsNotes: template.termsNotes ?? '',
    ...configFields(template.tipsConfiguration, template.lateFeesConfiguration),
  };
}

/** A draft's form, to edit it. */
export function formFromInvoice(view: InvoiceView): EditorForm {
  const schedule = view.paymentSchedule as
    | { type?: string; schedules?: Array<{ name?: string; value: number; dueDate: string }> }
    | undefined;
  return {
    templateId: '',
    name: view.name,
    contactId: view.contactDetails.id,
    contactName: view.contactDetails.name,
    contactEmail: view.contactDetails.email ?? '',
    contactPhone: view.contactDetails.phoneNo ?? '',
    issueDate: view.issueDate,
    dueDate: view.dueDate,
    currency: view.currency,
    items: view.invoiceItems.length > 0 ? itemRowsOf(view.invoiceItems as InvoiceItemInput[]) : [emptyItem()],
    discountType: view.discount.type,
    discountValue: view.discount.value ? String(view.discount.value) : '',
    ...configFields(view.tipsConfiguration, view.lateFeesConfiguration),
    scheduleType: schedule?.type === 'fixed' || schedule?.type === 'percentage' ? schedule.type : '',
    schedule: (schedule?.schedules ?? []).map((e) => ({
      name: e.name ?? '',
      value: String(e.value),
      dueDate: e.dueDate,
    })),
    termsNotes: view.termsNotes ?? '',
    mode: view.liveMode ? 'live' : 'test',
  };
}
