/** The invoice resource: create, get, list, update, delete, void, generate-invoice-number. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Transaction } from 'kysely';
import { objectId, secretToken } from '../domain/ids.ts';
import {
  assertDeletable,
  assertEditable,
  assertVoidable,
  computeTotals,
  type InvoiceTotals,
} from '../domain/invoices.ts';
import { Errors } from '../errors.ts';
import {
  findInvoice,
  insertInvoice,
  isUniqueViolation,
  listInvoices,
  peekInvoiceNumber,
  recordEvent,
  replaceItems,
  type StoredInvoice,
  takeInvoiceNumber,
} from '../store/invoices.ts';
import type { Database, NewInvoiceItemRow } from '../store/schema.ts';
import { authorizeLocation } from './auth.ts';
import {
  AltQuery,
  CreateInvoiceBody,
  ECHOED_FIELDS,
  GenerateNumberResponse,
  type InvoiceItemInput,
  InvoiceParams,
  InvoiceResponse,
  ListInvoicesQuery,
  ListInvoicesResponse,
  UpdateInvoiceBody,
  VoidInvoiceBody,
} from './invoice-schemas.ts';
import { toInvoiceResponse } from './invoice-view.ts';

const TAGS = ['Invoices'];
const NUMBER_TAKEN = 'invoices_location_number_uq';

function itemRows(invoiceId: string, items: InvoiceItemInput[], totals: InvoiceTotals): NewInvoiceItemRow[] {
  return items.map((item, position) => {
    const { automaticTaxCategoryId, isSetupFeeItem } = item;
    const priced = totals.items[position]!;
    return {
      id: objectId(),
      invoice_id: invoiceId,
      position,
      name: item.name,
      description: item.description ?? null,
      product_id: item.productId ?? null,
      price_id: item.priceId ?? null,
      currency: item.currency,
      amount: priced.amount,
      qty: priced.qty,
      taxes: JSON.stringify(item.taxes ?? []),
      type: item.type ?? null,
      tax_inclusive: item.taxInclusive ?? false,
      extra: JSON.stringify({ automaticTaxCategoryId, isSetupFeeItem }),
      line_total: priced.lineTotal,
    };
  });
}

function echoed(body: Record<string, unknown>, base: Record<string, unknown> = {}): string {
  const extra = { ...base };
  for (const field of ECHOED_FIELDS) if (body[field] !== undefined) extra[field] = body[field];
  return JSON.stringify(extra);
}

function totalsColumns(totals: InvoiceTotals) {
  return {
    sub_total: totals.subTotal,
    discount_total: totals.discountTotal,
    tax_total: totals.taxTotal,
    total: totals.total,
    tax_lines: JSON.stringify(totals.taxes),
  };
}

function assertDueAfterIssue(issueDate: string, dueDate: string): void {
  if (dueDate < issueDate) throw Errors.unprocessable('dueDate must not be before issueDate');
}

function numberTaken(err: unknown, chosen: string | undefined): never {
  if (isUniqueViolation(err, NUMBER_TAKEN)) {
    throw Errors.badRequest(`Invoice number ${chosen} is already used in this location`);
  }
  throw err;
}

const invoices: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app;

  /** Spec row 7, after row 6 was checked: the invoice lives in altId, else 404. A transaction locks it. */
  async function loadInvoice(altId: string, invoiceId: string, trx?: Transaction<Database>) {
    const found = await findInvoice(trx ?? store.db, altId, invoiceId, { forUpdate: trx !== undefined });
    if (!found) throw Errors.invoiceNotFound();
    return found;
  }

  app.post(
    '/invoices/',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an invoice',
        body: CreateInvoiceBody,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const body = request.body;
      const auth = await authorizeLocation(store, request, body.altId);
      const dueDate = body.dueDate ?? body.issueDate;
      assertDueAfterIssue(body.issueDate, dueDate);
      const totals = computeTotals(body.currency, body.items, body.discount);
      const id = objectId();
      try {
        await store.db.transaction().execute(async (trx) => {
          const chosen = body.invoiceNumber === undefined ? undefined : Number(body.invoiceNumber);
          const invoiceNumber = await takeInvoiceNumber(trx, body.altId, chosen);
          await insertInvoice(
            trx,
            {
              id,
              location_id: body.altId,
              company_id: auth.companyId,
              status: 'draft',
              live_mode: body.liveMode,
              name: body.name,
              title: body.title ?? 'INVOICE',
              currency: body.currency,
              invoice_number: invoiceNumber,
              invoice_number_prefix: body.invoiceNumberPrefix ?? 'INV-',
              contact_id: body.contactDetails.id,
              contact_details: JSON.stringify(body.contactDetails),
              business_details: JSON.stringify(body.businessDetails),
              discount: JSON.stringify(body.discount),
              sent_to: JSON.stringify(body.sentTo),
              extra: echoed(body),
              terms_notes: body.termsNotes ?? null,
              issue_date: body.issueDate,
              due_date: dueDate,
              public_token: secretToken(),
              ...totalsColumns(totals),
            },
            itemRows(id, body.items, totals),
          );
          await recordEvent(trx, {
            invoiceId: id,
            locationId: body.altId,
            type: 'created',
            actor: { tokenId: auth.tokenId },
            data: { invoiceNumber },
          });
        });
      } catch (err) {
        numberTaken(err, body.invoiceNumber);
      }
      const created = await findInvoice(store.db, body.altId, id);
      return toInvoiceResponse(created!);
    },
  );

  app.get(
    '/invoices/',
    {
      schema: {
        tags: TAGS,
        summary: 'List invoices',
        querystring: ListInvoicesQuery,
        response: { 200: ListInvoicesResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      const q = request.query;
      await authorizeLocation(store, request, q.altId);
      if (q.startAt && q.endAt && q.endAt < q.startAt)
        throw Errors.unprocessable('endAt must not be before startAt');
      const result = await listInvoices(store.db, q.altId, {
        status: q.status as StoredInvoice['invoice']['status'] | undefined,
        startAt: q.startAt,
        endAt: q.endAt,
        search: q.search?.trim() || undefined,
        liveMode: q.paymentMode === 'live' ? true : q.paymentMode === 'test' ? false : undefined,
        contactId: q.contactId,
        sortByIssueDate:
          q.sortField === 'issueDate' || q.sortOrder
            ? q.sortOrder === 'ascend'
              ? 'asc'
              : 'desc'
            : undefined,
        limit: q.limit,
        offset: q.offset,
      });
      return { invoices: result.invoices.map(toInvoiceResponse), total: result.total };
    },
  );

  app.get(
    '/invoices/generate-invoice-number',
    {
      schema: {
        tags: TAGS,
        summary: 'The next invoice number of a location',
        querystring: AltQuery,
        response: { 200: GenerateNumberResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      await authorizeLocation(store, request, request.query.altId);
      return { invoiceNumber: await peekInvoiceNumber(store.db, request.query.altId) };
    },
  );

  app.get(
    '/invoices/:invoiceId',
    {
      schema: {
        tags: TAGS,
        summary: 'Get an invoice',
        params: InvoiceParams,
        querystring: AltQuery,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      await authorizeLocation(store, request, request.query.altId);
      const found = await loadInvoice(request.query.altId, request.params.invoiceId);
      return toInvoiceResponse(found);
    },
  );

  app.put(
    '/invoices/:invoiceId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update an invoice',
        params: InvoiceParams,
        body: UpdateInvoiceBody,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const body = request.body;
      const { invoiceId } = request.params;
      assertDueAfterIssue(body.issueDate, body.dueDate);
      const auth = await authorizeLocation(store, request, body.altId);
      try {
        await store.db.transaction().execute(async (trx) => {
          const { invoice } = await loadInvoice(body.altId, invoiceId, trx);
          assertEditable(invoice.status);
          const discount =
            body.discount ?? (invoice.discount as unknown as Parameters<typeof computeTotals>[2]);
          const totals = computeTotals(body.currency, body.invoiceItems, discount, 'invoiceItems');
          if (totals.total < invoice.amount_paid) {
            throw Errors.badRequest('The new total is less than the amount already paid on this invoice');
          }
          if (body.currency !== invoice.currency && invoice.amount_paid > 0) {
            throw Errors.badRequest('The currency of an invoice with payments cannot change');
          }
          let invoiceNumber = invoice.invoice_number;
          if (body.invoiceNumber !== undefined && Number(body.invoiceNumber) !== invoice.invoice_number) {
            invoiceNumber = await takeInvoiceNumber(trx, body.altId, Number(body.invoiceNumber));
          }
          const contact = body.contactDetails ?? (invoice.contact_details as { id?: string });
          await trx
            .updateTable('invoices')
            .set({
              name: body.name,
              title: body.title ?? invoice.title,
              currency: body.currency,
              invoice_number: invoiceNumber,
              invoice_number_prefix: body.invoiceNumberPrefix ?? invoice.invoice_number_prefix,
              contact_id: body.contactId ?? contact.id ?? invoice.contact_id,
              contact_details: JSON.stringify(contact),
              business_details: JSON.stringify(body.businessDetails ?? invoice.business_details),
              discount: JSON.stringify(discount),
              extra: echoed(body, invoice.extra as Record<string, unknown>),
              terms_notes: body.termsNotes ?? invoice.terms_notes,
              live_mode: body.liveMode ?? invoice.live_mode,
              issue_date: body.issueDate,
              due_date: body.dueDate,
              updated_at: new Date(),
              ...totalsColumns(totals),
            })
            .where('id', '=', invoiceId)
            .execute();
          await replaceItems(trx, invoiceId, itemRows(invoiceId, body.invoiceItems, totals));
          await recordEvent(trx, {
            invoiceId,
            locationId: body.altId,
            type: 'updated',
            actor: { tokenId: auth.tokenId },
          });
        });
      } catch (err) {
        numberTaken(err, body.invoiceNumber);
      }
      return toInvoiceResponse((await findInvoice(store.db, body.altId, invoiceId))!);
    },
  );

  app.delete(
    '/invoices/:invoiceId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a draft invoice',
        params: InvoiceParams,
        querystring: AltQuery,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const { altId } = request.query;
      await authorizeLocation(store, request, altId);
      return store.db.transaction().execute(async (trx) => {
        const found = await loadInvoice(altId, request.params.invoiceId, trx);
        assertDeletable(found.invoice.status);
        await trx.deleteFrom('invoices').where('id', '=', found.invoice.id).execute();
        return toInvoiceResponse(found);
      });
    },
  );

  app.post(
    '/invoices/:invoiceId/void',
    {
      schema: {
        tags: TAGS,
        summary: 'Void an unpaid invoice',
        params: InvoiceParams,
        body: VoidInvoiceBody,
        response: { 200: InvoiceResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const { altId } = request.body;
      const { invoiceId } = request.params;
      const auth = await authorizeLocation(store, request, altId);
      await store.db.transaction().execute(async (trx) => {
        const { invoice } = await loadInvoice(altId, invoiceId, trx);
        assertVoidable(invoice.status);
        const now = new Date();
        await trx
          .updateTable('invoices')
          .set({ status: 'void', voided_at: now, updated_at: now })
          .where('id', '=', invoiceId)
          .execute();
        await recordEvent(trx, {
          invoiceId,
          locationId: altId,
          type: 'voided',
          actor: { tokenId: auth.tokenId },
          data: { statusBefore: invoice.status },
        });
      });
      return toInvoiceResponse((await findInvoice(store.db, altId, invoiceId))!);
    },
  );
};

export default invoices;
