/** The editor's form checked at the edge, into the input the create and update use cases take. */
import { isCalendarDay } from '../../domain/calendar-day.ts';
import { objectId } from '../../domain/ids.ts';
import type { ContactDetails, Discount, InvoiceItemInput, OpaqueObject } from '../../domain/invoice.ts';
import { lateFeeProblems } from '../../domain/late-fees.ts';
import { isKnownCurrency } from '../../domain/money.ts';
import type { PaymentScheduleInput } from '../../domain/payment-schedule.ts';
import type { EditorForm, ItemRow } from './form.ts';

/** What the form says, checked: the parts both create and update take. */
export interface CheckedForm {
  name: string;
  contactDetails: ContactDetails;
  email: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  items: InvoiceItemInput[];
  discount: Discount;
  tipsConfiguration: OpaqueObject;
  lateFeesConfiguration: OpaqueObject;
  paymentSchedule?: PaymentScheduleInput;
  termsNotes?: string;
  liveMode: boolean;
}

const NUMBER = /^\d{1,13}(\.\d{1,6})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isBlankItem = (row: ItemRow) =>
  [row.name, row.description, row.amount, row.taxName, row.taxRate].every((v) => v.trim() === '');

export { isBlankItem };

type Num = (value: string, what: string, fallback?: number) => number;

function numberReader(problems: string[]): Num {
  return (value, what, fallback) => {
    const v = value.trim();
    if (v === '' && fallback !== undefined) return fallback;
    if (!NUMBER.test(v)) {
      problems.push(`${what} must be a number such as 12.50 (digits and a decimal point).`);
      return 0;
    }
    return Number(v);
  };
}

export interface MoneyParts {
  currency: string;
  items: InvoiceItemInput[];
  discount: Discount;
}

function moneyOf(form: EditorForm, num: Num, problems: string[]): MoneyParts {
  const currency = form.currency;
  if (!isKnownCurrency(currency)) problems.push('Choose a currency (an ISO 4217 code such as USD).');
  const filled = form.items.filter((row) => !isBlankItem(row));
  if (filled.length === 0) problems.push('Add at least one item.');
  const items = filled.map((row, i): InvoiceItemInput => {
    const what = `Item ${i + 1}`;
    if (row.name.trim() === '') problems.push(`${what} needs a name.`);
    const taxed = row.taxName.trim() !== '' || row.taxRate.trim() !== '';
    const rate = taxed ? num(row.taxRate, `${what}'s tax rate`) : 0;
    if (taxed && rate > 100) problems.push(`${what}'s tax rate must be from 0 to 100.`);
    return {
      name: row.name.trim(),
      ...(row.description.trim() ? { description: row.description.trim() } : {}),
      currency,
      amount: num(row.amount, `${what}'s price`),
      qty: num(row.qty, `${what}'s quantity`, 1),
      taxes: taxed ? [{ _id: objectId(), name: row.taxName.trim() || 'Tax', rate }] : [],
    };
  });
  const discount: Discount = {
    type: form.discountType,
    value: num(form.discountValue, 'The discount', 0),
  };
  return { currency, items, discount };
}

/** Just what the totals need (the live preview): currency, items, discount, or what is wrong with them. */
export function checkMoney(form: EditorForm): { ok: MoneyParts } | { problems: string[] } {
  const problems: string[] = [];
  const parts = moneyOf(form, numberReader(problems), problems);
  return problems.length > 0 ? { problems } : { ok: parts };
}

/** The form checked at the edge: the input for the use cases, or every problem in words for people. */
export function checkForm(form: EditorForm): { ok: CheckedForm } | { problems: string[] } {
  const problems: string[] = [];
  const num = numberReader(problems);
  const name = form.name.trim();
  if (name === '') problems.push('Give the invoice a name.');
  if (name.length > 500) problems.push('The name can be at most 500 characters.');
  const contactName = form.contactName.trim();
  if (contactName === '') problems.push("Enter the contact's name.");
  if (contactName.length > 300) problems.push("The contact's name can be at most 300 characters.");
  const email = form.contactEmail.trim();
  if (email !== '' && (!EMAIL.test(email) || email.length > 320))
    problems.push(`"${email}" is not an email address.`);
  const phone = form.contactPhone.trim();
  if (phone.length > 50) problems.push('The phone number can be at most 50 characters.');
  const contactId = form.contactId.trim();
  if (contactId !== '' && !/^[A-Za-z0-9_-]{1,100}$/.test(contactId))
    problems.push('The contact id can hold only letters, digits, - and _.');
  if (!isCalendarDay(form.issueDate)) problems.push('Enter the issue date as a date (YYYY-MM-DD).');
  const dueDate = form.dueDate.trim() === '' ? form.issueDate : form.dueDate;
  if (!isCalendarDay(dueDate)) problems.push('Enter the due date as a date (YYYY-MM-DD).');
  else if (isCalendarDay(form.issueDate) && dueDate < form.issueDate)
    problems.push('The due date must not be before the issue date.');
  const { currency, items, discount } = moneyOf(form, num, problems);
  const percentages = form.tipsPercentages
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const p of percentages) {
    if (!NUMBER.test(p) || Number(p) > 100) problems.push(`Tip percentage "${p}" must be from 0 to 100.`);
  }
  if (form.tipsEnabled && percentages.length === 0) problems.push('Give at least one tip percentage.');
  const lateFeesConfiguration = lateFeesOf(form, num);
  if (form.lateEnabled && isKnownCurrency(currency) && problems.length === 0) {
    for (const p of lateFeeProblems(lateFeesConfiguration, currency)) problems.push(`Late fees: ${p}`);
  }
  const paymentSchedule = scheduleOf(form, num, problems);
  if (form.termsNotes.length > 20_000) problems.push('Terms and notes can be at most 20,000 characters.');
  if (problems.length > 0) return { problems };
  return {
    ok: {
      name,
      contactDetails: {
        id: contactId || objectId(),
        name: contactName,
        ...(email ? { email } : {}),
        ...(phone ? { phoneNo: phone } : {}),
      },
      email,
      issueDate: form.issueDate,
      dueDate,
      currency,
      items,
      discount,
      tipsConfiguration: { tipsEnabled: form.tipsEnabled, tipsPercentage: percentages },
      lateFeesConfiguration,
      ...(paymentSchedule ? { paymentSchedule } : {}),
      ...(form.termsNotes.trim() ? { termsNotes: form.termsNotes } : {}),
      liveMode: form.mode === 'live',
    },
  };
}

function lateFeesOf(form: EditorForm, num: Num) {
  if (!form.lateEnabled)
    return { enable: false, value: 0, type: 'fixed', frequency: { intervalCount: 1, interval: 'one_time' } };
  const config: OpaqueObject = {
    enable: true,
    value: num(form.lateValue, 'The late fee'),
    type: form.lateType,
    frequency: {
      intervalCount:
        form.lateInterval === 'one_time' ? 1 : num(form.lateIntervalCount, 'The late fee interval', 1),
      interval: form.lateInterval,
    },
    grace: { intervalCount: num(form.lateGraceDays, 'The grace days', 0), interval: 'day' },
  };
  if (form.lateMax.trim() !== '')
    config.maxLateFees = { type: 'fixed', value: num(form.lateMax, 'The late fee cap') };
  return config;
}

function scheduleOf(form: EditorForm, num: Num, problems: string[]): PaymentScheduleInput | undefined {
  if (form.scheduleType === '') return undefined;
  const entries = form.schedule.filter((r) => r.name.trim() || r.value.trim() || r.dueDate.trim());
  if (entries.length === 0) {
    problems.push('Add at least one payment to the schedule, or choose no schedule.');
    return undefined;
  }
  return {
    type: form.scheduleType,
    schedules: entries.map((r, i) => {
      if (!isCalendarDay(r.dueDate))
        problems.push(`Scheduled payment ${i + 1} needs a due date (YYYY-MM-DD).`);
      return {
        ...(r.name.trim() ? { name: r.name.trim().slice(0, 200) } : {}),
        value: num(r.value, `Scheduled payment ${i + 1}'s amount`),
        dueDate: r.dueDate,
      };
    }),
  };
}
