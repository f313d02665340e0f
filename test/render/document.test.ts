/**
 * The document model carries the amounts as the customer should see them, from the invoice row and its
 * ledger: a void invoice owes nothing, a paid one has its receipt, and the page and the PDF agree.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toInvoiceDocument } from '../../src/render/document.ts';
import { renderInvoicePage } from '../../src/render/page.tsx';
import { renderInvoicePdf } from '../../src/render/pdf/invoice-pdf.ts';
import type { StoredInvoice } from '../../src/store/invoices.ts';
import type { PaymentRow } from '../../src/store/schema.ts';
import { readPdf } from '../fixtures/pdf-text.ts';

function stored(invoice: Partial<StoredInvoice['invoice']> = {}): StoredInvoice {
  return {
    invoice: {
      id: 'inv1',
      location_id: 'loc1',
      company_id: 'co1',
      status: 'sent',
      live_mode: false,
      name: 'Work',
      title: 'INVOICE',
      currency: 'USD',
      invoice_number: 12,
      invoice_number_prefix: 'INV-',
      contact_id: 'c1',
      contact_details: { id: 'c1', name: 'Alex Doe', email: 'alex@example.com' },
      business_details: { name: 'Acme' },
      discount: { type: 'percentage', value: 0 },
      sent_to: { email: ['alex@example.com'] },
      extra: {},
      terms_notes: null,
      issue_date: '2026-11-01',
      due_date: '2026-11-15',
      sub_total: 30000,
      discount_total: 0,
      tax_total: 0,
      total: 30000,
      amount_paid: 0,
      late_fee_total: 0,
      late_fee_periods: 0,
      public_token: 'tok',
      tax_lines: [],
      payment_schedule: null,
      auto_payment: null,
      sent_at: new Date('2026-11-01T10:00:00Z'),
      voided_at: null,
      created_at: new Date('2026-11-01T09:00:00Z'),
      updated_at: new Date('2026-11-01T09:00:00Z'),
      ...invoice,
    },
    items: [],
  } as StoredInvoice;
}

function payment(overrides: Partial<PaymentRow> = {}): PaymentRow {
  return {
    id: 'p1',
    invoice_id: 'inv1',
    location_id: 'loc1',
    currency: 'USD',
    amount: 30000,
    tip_amount: 0,
    mode: 'online',
    provider: 'test',
    provider_ref: 'pi_test_1',
    status: 'succeeded',
    refunded_amount: 0,
    card_brand: 'visa',
    card_last4: '4242',
    cheque_number: null,
    customer_ref: null,
    method_ref: null,
    notes: null,
    failure_reason: null,
    schedule_entry_ids: [],
    needs_refund: false,
    fulfilled_at: new Date('2026-11-03T15:30:00Z'),
    created_at: new Date('2026-11-03T15:30:00Z'),
    updated_at: new Date('2026-11-03T15:30:00Z'),
    ...overrides,
  };
}

const context = (payments: PaymentRow[] = []) => ({
  locationName: 'Acme location',
  locationEmail: null,
  publicUrl: 'https://x.example/i/tok',
  payments,
});

describe('document amounts', () => {
  test('a void invoice owes nothing, on the page and in the PDF', async () => {
    const doc = toInvoiceDocument(stored({ status: 'void' }), context());
    assert.equal(doc.amountDue, 0);
    assert.equal(doc.total, 30000);
    const html = renderInvoicePage(doc, { pdfUrl: '/pdf' });
    assert.match(html, /Nothing is due<strong id="amount-due">Void</);
    assert.ok(!html.includes('$300.00</td></tr></table>'), 'no amount due of $300.00 under the void');
    assert.match(html, /<td>Amount due<\/td><td>\$0\.00<\/td>/);
    const { text } = await readPdf(await renderInvoicePdf(doc));
    assert.ok(text.includes('VOID'), text);
    assert.match(text, /Amount due\s*\$0\.00/, text);
  });

  test('amount paid comes from the row; the receipt lists succeeded and refunded payments only', () => {
    const doc = toInvoiceDocument(
      stored({ status: 'paid', amount_paid: 30000 }),
      context([
        payment({ id: 'p0', status: 'failed', amount: 30000, card_last4: '0002' }),
        payment({ id: 'p1', tip_amount: 4500 }),
        payment({ id: 'p2', status: 'processing', amount: 100 }),
        payment({
          id: 'p3',
          mode: 'cheque',
          card_brand: null,
          card_last4: null,
          cheque_number: '1001',
          status: 'refunded',
          amount: 500,
          refunded_amount: 500,
        }),
      ]),
    );
    assert.equal(doc.amountPaid, 30000);
    assert.equal(doc.amountDue, 0);
    assert.deepEqual(doc.payments, [
      { paidOn: '2026-11-03', method: 'Visa ending 4242', amount: 30000, tip: 4500, refunded: 0 },
      { paidOn: '2026-11-03', method: 'Cheque 1001', amount: 500, tip: 0, refunded: 500 },
    ]);
  });

  test('a schedule carries each entry with its state', () => {
    const doc = toInvoiceDocument(
      stored({
        status: 'partially_paid',
        amount_paid: 10000,
        payment_schedule: {
          type: 'fixed',
          schedules: [
            { _id: 'e1', name: 'Deposit', value: 100, dueDate: '2026-11-05', amount: 10000, status: 'paid' },
            {
              _id: 'e2',
              name: 'Balance',
              value: 200,
              dueDate: '2026-12-05',
              amount: 20000,
              status: 'pending',
            },
          ],
        },
      }),
      context(),
    );
    assert.equal(doc.amountDue, 20000);
    assert.deepEqual(doc.schedule, [
      { name: 'Deposit', dueDate: '2026-11-05', amount: 10000, paid: true },
      { name: 'Balance', dueDate: '2026-12-05', amount: 20000, paid: false },
    ]);
  });

  test('the PDF of a paid invoice carries its receipt and schedule', async () => {
    const doc = toInvoiceDocument(
      stored({
        status: 'paid',
        amount_paid: 30000,
        payment_schedule: {
          type: 'fixed',
          schedules: [
            { _id: 'e1', name: 'Deposit', value: 300, dueDate: '2026-11-05', amount: 30000, status: 'paid' },
          ],
        },
      }),
      context([payment({ tip_amount: 4500 })]),
    );
    const { text } = await readPdf(await renderInvoicePdf(doc));
    for (const expected of [
      'PAYMENTS RECEIVED',
      'Visa ending 4242',
      'tip $45.00',
      'PAYMENT SCHEDULE',
      'Deposit',
    ]) {
      assert.ok(text.includes(expected), `${expected} in ${text}`);
    }
    assert.match(text, /Amount due\s*\$0\.00/);
  });
});
