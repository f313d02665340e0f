/**
 * The dashboard's invoice list and editor (web/invoices): reads through the same list query as
 * GET /invoices/ (store/invoice-list.ts) and writes through createInvoice / updateInvoice.
 */
import type { Discount, InvoiceItemInput } from '../domain/invoice.ts';
import type { PaymentScheduleInput } from '../domain/payment-schedule.ts';
import { type InvoiceFilters, listInvoiceViews } from '../store/invoice-list.ts';
import type { Actor, StoreContext } from './context.ts';
import { createInvoice } from './create-invoice.ts';
import type { InvoiceView } from './invoice-view.ts';
import { getInvoiceJson, pageJson } from './read-invoices.ts';

export type DashboardListFilters = Omit<InvoiceFilters, 'withoutCount'>;

/**
 * A page of the location's invoices as their views, and whether another page follows. No count: at
 * 100k invoices a count(*) per page would cost more than the page (docs/benchmarks.md, "Scale").
 */
export async function listDashboardInvoices(
  ctx: StoreContext,
  locationId: string,
  filters: DashboardListFilters,
): Promise<{ invoices: InvoiceView[]; hasMore: boolean }> {
  const { page } = await listInvoiceViews(ctx.store.db, locationId, {
    ...filters,
    limit: filters.limit + 1,
    withoutCount: true,
  });
  const json = await pageJson(ctx, page.slice(0, filters.limit));
  return { invoices: json.map((j) => JSON.parse(j) as InvoiceView), hasMore: page.length > filters.limit };
}

/** One invoice of the location as GET /invoices/{id} returns it (404 for another location's). */
export async function getDashboardInvoice(
  ctx: StoreContext,
  locationId: string,
  invoiceId: string,
): Promise<InvoiceView> {
  return JSON.parse(await getInvoiceJson(ctx, locationId, invoiceId)) as InvoiceView;
}

/** The items of a view as create / update take them (major units). */
export function itemInputsOf(view: InvoiceView): InvoiceItemInput[] {
  return view.invoiceItems.map(({ _id, type, ...item }) => ({
    ...item,
    ...(type === 'one_time' || type === 'recurring' ? { type } : {}),
    taxes: item.taxes.map((t) => ({ ...t })),
  }));
}

function scheduleInputOf(view: InvoiceView): PaymentScheduleInput | undefined {
  const schedule = view.paymentSchedule as
    | { type?: unknown; schedules?: Array<{ name?: string; value: number; dueDate: string }> }
    | undefined;
  if (!schedule || (schedule.type !== 'fixed' && schedule.type !== 'percentage') || !schedule.schedules)
    return undefined;
  return {
    type: schedule.type,
    schedules: schedule.schedules.map((e) => ({ name: e.name, value: e.value, dueDate: e.dueDate })),
  };
}

/**
 * A new draft with the invoice's content and the location's next number: contact, items, discount,
 * dates, terms, the echoed configurations (tips, late fees, payment methods...) and its schedule.
 * Its history and payments stay with the original.
 */
export async function duplicateInvoice(
  ctx: StoreContext,
  actor: Actor,
  locationId: string,
  invoiceId: string,
): Promise<string> {
  const view = await getDashboardInvoice(ctx, locationId, invoiceId);
  const discount: Discount = view.discount;
  const created = await createInvoice(ctx, actor, {
    altId: locationId,
    name: view.name,
    title: view.title,
    businessDetails: view.businessDetails,
    currency: view.currency,
    items: itemInputsOf(view),
    discount,
    termsNotes: view.termsNotes,
    contactDetails: view.contactDetails,
    issueDate: view.issueDate,
    dueDate: view.dueDate,
    sentTo: view.sentTo,
    liveMode: view.liveMode,
    invoiceNumberPrefix: view.invoiceNumberPrefix,
    paymentSchedule: scheduleInputOf(view),
    automaticTaxesEnabled: view.automaticTaxesEnabled,
    tipsConfiguration: view.tipsConfiguration,
    paymentMethods: view.paymentMethods,
    attachments: view.attachments,
    miscellaneousCharges: view.miscellaneousCharges,
    lateFeesConfiguration: view.lateFeesConfiguration,
    description: view.description,
    remindersConfiguration: view.remindersConfiguration,
  });
  return created.invoice.id;
}
