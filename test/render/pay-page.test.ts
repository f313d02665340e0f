/** The hosted page's Pay section, receipt and schedule, and the test provider's checkout page. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderInvoicePage } from '../../src/render/page.tsx';
import type { PageState, PayForm } from '../../src/render/page-model.ts';
import { renderTestCheckoutPage, type TestCheckoutView } from '../../src/render/test-checkout.tsx';
import { sampleDocument } from '../fixtures/document.ts';

const PDF_URL = '/i/tok/pdf';

function form(overrides: Partial<PayForm> = {}): PayForm {
  return { action: '/i/tok/pay', pay: 'due', amount: 196200, tips: [], ...overrides };
}

function page(state: PageState, doc = sampleDocument()) {
  return renderInvoicePage(doc, { pdfUrl: PDF_URL, state });
}

const formState = (
  f: PayForm,
  extra: Partial<{ processing: boolean; testMode: boolean }> = {},
): PageState => ({
  pay: { kind: 'form', form: f, processing: false, testMode: false, ...extra },
});

describe('the Pay section', () => {
  test('a plain POST form: what is paid, the save checkbox and the button, no script', () => {
    const html = page(formState(form()));
    assert.match(html, /<section id="pay"[^>]*data-state="form"/);
    assert.match(html, /<form method="post" action="\/i\/tok\/pay">/);
    assert.ok(html.includes('<input type="hidden" name="pay" value="due"/>'));
    assert.match(html, /Amount due <strong>\$1,962\.00<\/strong>/);
    assert.match(
      html,
      /<input type="checkbox" name="saveMethod" value="on"\/> Save this card for future payments/,
    );
    assert.match(html, /<button type="submit">Pay \$1,962\.00<\/button>/);
    assert.ok(!html.includes('name="tip"'), 'no tips unless the invoice offers them');
    assert.ok(!/<script/i.test(html));
  });

  test('tips are radio buttons with their own amounts, "No tip" checked by default', () => {
    const tips = [
      { percent: 10, amount: 19620 },
      { percent: 15, amount: 29430 },
    ];
    const html = page(formState(form({ tips })));
    assert.match(html, /<input type="radio" name="tip" value="none" checked\/> No tip/);
    assert.match(
      html,
      /<input type="radio" name="tip" value="10"\/> 10% <span class="muted">\(\+\$196\.20\)<\/span>/,
    );
    assert.match(html, /value="15"\/> 15% <span class="muted">\(\+\$294\.30\)/);
    const again = page({
      ...formState(form({ tips, chosen: { tipPercent: 15, saveMethod: true } })),
      error: 'That tip is not one this invoice offers',
    });
    assert.match(again, /value="none"\/> No tip/);
    assert.match(again, /value="15" checked\/>/);
    assert.match(again, /name="saveMethod" value="on" checked\/>/);
    assert.match(
      again,
      /<p class="notice notice-error" role="alert">That tip is not one this invoice offers<\/p>/,
    );
  });

  test('with a schedule the form pays the next entry, named with its due date', () => {
    const html = page(
      formState(
        form({ pay: 'next_entry', amount: 50000, entry: { name: 'Deposit', dueDate: '2026-03-10' } }),
      ),
    );
    assert.ok(html.includes('<input type="hidden" name="pay" value="next_entry"/>'));
    assert.match(
      html,
      /Next payment: <strong>Deposit<\/strong>, due March 10, 2026 <strong>\$500\.00<\/strong>/,
    );
    assert.match(html, /Pay \$500\.00/);
  });

  test('test mode says the card is a test card', () => {
    assert.ok(
      page(formState(form(), { testMode: true })).includes('you pay with a test card on a test page'),
    );
  });

  test('not set up, processing and confirming: the reason and no button', () => {
    const cases: Array<[PageState, RegExp]> = [
      [{ pay: { kind: 'not_set_up' } }, /Online payment is not set up for this invoice/],
      [{ pay: { kind: 'processing' } }, /A payment for this invoice is being processed\./],
      [{ pay: { kind: 'confirming' } }, /Your payment is being confirmed\./],
    ];
    for (const [state, text] of cases) {
      const html = page(state);
      assert.match(html, text);
      assert.ok(!html.includes('<button'), `no button: ${state.pay?.kind}`);
      assert.ok(!html.includes('<form'));
    }
    assert.ok(page({ pay: { kind: 'confirming' } }).includes('<meta http-equiv="refresh" content="5">'));
    assert.ok(!page({ pay: { kind: 'processing' } }).includes('http-equiv'));
    const both = page(formState(form({ amount: 100000 }), { processing: true }));
    assert.match(both, /being processed/);
    assert.match(both, /Pay \$1,000\.00/);
  });

  test('a refusal with nothing left to pay is a banner; thanks after a checkout', () => {
    assert.match(
      page({ error: 'Invoice is already paid; nothing is due' }),
      /class="banner banner-void" role="alert">Invoice is already paid/,
    );
    assert.match(page({ thanks: true }), /Thank you! Your payment was received\./);
  });
});

describe('receipt and schedule', () => {
  test('a paid invoice shows its receipt: paid on, method, amount, tip', () => {
    const doc = sampleDocument({
      status: 'paid',
      amountPaid: 196200,
      amountDue: 0,
      payments: [
        { paidOn: '2026-03-05', method: 'Visa ending 4242', amount: 196200, tip: 19620, refunded: 0 },
      ],
    });
    const html = page({}, doc);
    assert.match(html, /<section id="receipt"[^>]*><p class="label">Receipt<\/p>/);
    assert.match(
      html,
      /<td>March 5, 2026<\/td><td>Visa ending 4242<\/td><td class="num">\$1,962\.00<\/td><td class="num">\$196\.20<\/td>/,
    );
    assert.match(html, /<td>Amount paid<\/td><td>\$1,962\.00<\/td>/);
  });

  test('partial payments are listed as received, a refund is noted, no tip column without tips', () => {
    const doc = sampleDocument({
      status: 'partially_paid',
      amountPaid: 50000,
      amountDue: 146200,
      payments: [
        { paidOn: '2026-03-05', method: 'Cash', amount: 50000, tip: 0, refunded: 0 },
        { paidOn: '2026-03-06', method: 'Bank transfer', amount: 1000, tip: 0, refunded: 1000 },
      ],
    });
    const html = page({}, doc);
    assert.match(html, /<p class="label">Payments received<\/p>/);
    assert.match(html, /Refunded \$10\.00/);
    assert.ok(!html.includes('<th class="num">Tip</th>'));
  });

  test('the schedule lists every entry with name, due date, amount and Paid / Due', () => {
    const doc = sampleDocument({
      schedule: [
        { name: 'Deposit', dueDate: '2026-03-10', amount: 50000, paid: true },
        { name: 'Balance', dueDate: '2026-04-10', amount: 146200, paid: false },
      ],
    });
    const html = page({}, doc);
    assert.match(html, /<section id="schedule"/);
    assert.match(
      html,
      /<td>Deposit<\/td><td>March 10, 2026<\/td><td class="num">\$500\.00<\/td><td class="num"><span class="pill pill-paid">Paid<\/span>/,
    );
    assert.match(
      html,
      /<td>Balance<\/td><td>April 10, 2026<\/td><td class="num">\$1,462\.00<\/td><td class="num"><span class="pill">Due<\/span>/,
    );
    assert.ok(!page({}).includes('id="schedule"'));
  });
});

describe('the test checkout page', () => {
  const view: TestCheckoutView = {
    action: '/pay/test/s1',
    business: 'Acme <Studio>',
    invoiceNumber: 'INV-12',
    currency: 'USD',
    amount: 30000,
    tip: 3000,
    cancelUrl: '/i/tok',
    step: 'card',
  };

  test('is marked TEST MODE, shows amount, tip, business and number, and lists the test numbers', () => {
    const html = renderTestCheckoutPage(view);
    assert.match(html, /TEST MODE/);
    assert.ok(html.includes('Pay Acme &lt;Studio>'));
    assert.ok(html.includes('Invoice INV-12'));
    assert.match(html, /<td>Invoice INV-12<\/td><td>\$300\.00<\/td>/);
    assert.match(html, /<td>Tip<\/td><td>\$30\.00<\/td>/);
    assert.match(html, /<td id="checkout-total">\$330\.00<\/td>/);
    assert.match(html, /<form method="post" action="\/pay\/test\/s1"/);
    assert.match(html, /<button type="submit">Pay \$330\.00<\/button>/);
    for (const [number, outcome] of [
      ['4242 4242 4242 4242', 'Payment succeeds'],
      ['4000 0000 0000 0002', 'Declined'],
      ['4000 0000 0000 9995', 'insufficient funds'],
      ['4000 0000 0000 0069', 'expired card'],
      ['4000 0025 0000 3155', 'confirm'],
    ]) {
      assert.match(html, new RegExp(`<code>${number}</code></td><td>[^<]*${outcome}`));
    }
    assert.ok(!/<script/i.test(html));
    assert.ok(html.includes('href="/i/tok"'), 'a way back to the invoice');
  });

  test('only the card number field has a name: expiry and CVC are never sent', () => {
    const html = renderTestCheckoutPage(view);
    const inputs = [...html.matchAll(/<input[^>]*>/g)].map((m) => m[0]);
    assert.equal(inputs.length, 3);
    assert.deepEqual(
      inputs.filter((i) => i.includes('name=')).map((i) => /name="([^"]+)"/.exec(i)![1]),
      ['cardNumber'],
    );
    assert.ok(inputs.every((i) => i.includes('autocomplete="off"')));
  });

  test('a message is shown; the confirmation step has Approve and Refuse', () => {
    assert.match(
      renderTestCheckoutPage(view, { message: 'Your card was declined.' }),
      /role="alert">Your card was declined\.</,
    );
    const html = renderTestCheckoutPage({ ...view, step: 'confirm', card: { brand: 'visa', last4: '3155' } });
    assert.match(html, /Your bank asks you to confirm this payment/);
    assert.match(html, /Visa ending 3155: \$330\.00 to Acme &lt;Studio>/);
    assert.match(html, /<form method="post" action="\/pay\/test\/s1\/confirm"/);
    assert.match(html, /<button type="submit" name="approve" value="true">Approve<\/button>/);
    assert.match(
      html,
      /<button type="submit" name="approve" value="false" class="secondary">Refuse<\/button>/,
    );
    assert.ok(!html.includes('name="cardNumber"'));
  });
});
