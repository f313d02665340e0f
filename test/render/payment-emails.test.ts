/** The receipt and payment-failed emails, in the layout the invoice email shares. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DocumentPayment } from '../../src/render/document.ts';
import { renderInvoiceEmail } from '../../src/render/email.tsx';
import { renderPaymentFailedEmail, renderReceiptEmail } from '../../src/render/payment-emails.tsx';
import { sampleDocument } from '../fixtures/document.ts';

const visa: DocumentPayment = {
  paidOn: '2026-03-05',
  method: 'Visa ending 4242',
  amount: 196200,
  tip: 0,
  refunded: 0,
};

/** The markup between <body> and the first content row: the shell the emails share. */
function shell(html: string): string {
  return html.slice(html.indexOf('<body'), html.indexOf('Hello'));
}

describe('renderReceiptEmail', () => {
  test('subject, amount paid, method, date and the link to the page', () => {
    const doc = sampleDocument({ status: 'paid', amountPaid: 196200, amountDue: 0, payments: [visa] });
    const { subject, html, text } = renderReceiptEmail(doc, visa);
    assert.equal(subject, 'Receipt for invoice INV-1001 from Acme Design Ltd');
    for (const part of [html, text]) {
      for (const expected of [
        '$1,962.00',
        'Visa ending 4242',
        'March 5, 2026',
        'Paid in full',
        'Jordan Rivers',
      ]) {
        assert.ok(part.includes(expected), `${expected} missing`);
      }
      assert.ok(!part.includes('Remaining amount due'));
      assert.ok(!part.includes('TEST MODE'));
    }
    assert.match(
      html,
      /<a href="https:\/\/invoices\.example\.com\/i\/tok_3fK9xQ2mVw8Lr5Zt"[^>]*>View invoice<\/a>/,
    );
    assert.ok(text.includes('View invoice: https://invoices.example.com/i/tok_3fK9xQ2mVw8Lr5Zt'));
    assert.ok(text.endsWith('--\nAcme Design Ltd\n'));
  });

  test('a part payment with a tip: the tip on its own line, the remaining amount due', () => {
    const part = { ...visa, amount: 50000, tip: 5000 };
    const doc = sampleDocument({
      status: 'partially_paid',
      amountPaid: 50000,
      amountDue: 146200,
      liveMode: false,
    });
    const { text, html } = renderReceiptEmail(doc, part);
    assert.match(text, /^TEST MODE: a test payment, no money moved\n/);
    assert.ok(
      text.includes('Thank you for your payment of $550.00 to Acme Design Ltd for invoice INV-1001.'),
    );
    assert.ok(text.includes('Amount paid: $500.00\nTip: $50.00\n'));
    assert.ok(text.includes('Remaining amount due: $1,462.00'));
    assert.ok(html.includes('TEST MODE: a test payment, no money moved'));
  });

  test('escapes what the business and contact wrote; the subject is one line', () => {
    const doc = sampleDocument({
      business: { name: 'Acme <b>\r\nBcc: x@example.com' },
      contact: { name: '<script>alert(1)</script>' },
    });
    const { subject, html } = renderReceiptEmail(doc, visa);
    assert.equal(subject, 'Receipt for invoice INV-1001 from Acme <b> Bcc: x@example.com');
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('<b>'));
  });
});

describe('renderPaymentFailedEmail', () => {
  test('says the payment failed: reason, amount, and the link to pay', () => {
    const doc = sampleDocument();
    const { subject, html, text } = renderPaymentFailedEmail(doc, {
      amount: 50000,
      reason: 'Your card has insufficient funds.',
    });
    assert.equal(subject, 'Payment failed for invoice INV-1001 from Acme Design Ltd');
    for (const part of [html, text]) {
      assert.ok(part.includes('Your card has insufficient funds.'));
      assert.ok(part.includes('$500.00'));
      assert.ok(part.includes('$1,962.00'), 'the amount still due');
    }
    assert.match(
      html,
      /<a href="https:\/\/invoices\.example\.com\/i\/tok_3fK9xQ2mVw8Lr5Zt"[^>]*>Pay invoice<\/a>/,
    );
    assert.ok(text.includes('Pay invoice: https://invoices.example.com/i/tok_3fK9xQ2mVw8Lr5Zt'));
  });

  test('without a reason it still says it was declined', () => {
    const { text } = renderPaymentFailedEmail(sampleDocument(), { amount: 100, reason: '' });
    assert.ok(text.includes('Reason: The payment was declined.'));
  });
});

test('the three emails share one shell (masthead, card, test strip)', () => {
  const doc = sampleDocument({ liveMode: false });
  const invoice = renderInvoiceEmail(doc, { fromName: '' }).html;
  const receipt = renderReceiptEmail(doc, visa).html;
  const failed = renderPaymentFailedEmail(doc, { amount: 1, reason: 'x' }).html;
  const strip = (html: string) => shell(html).replace(/TEST MODE:[^<]*/, 'TEST MODE');
  assert.equal(strip(receipt), strip(invoice));
  assert.equal(strip(failed), strip(invoice));
  assert.ok(shell(invoice).includes('Acme Design Ltd'));
});
