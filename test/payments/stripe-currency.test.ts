import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toMinor } from '../../src/domain/money.ts';
import { fromStripeAmount, StripeAmountError, stripeAmount } from '../../src/payments/stripe-currency.ts';

// https://docs.stripe.com/currencies#zero-decimal and #three-decimal
const STRIPE_ZERO_DECIMAL = 'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' ');
const STRIPE_THREE_DECIMAL = 'BHD JOD KWD OMR TND'.split(' ');

function refused(minor: number, currency: string, message: string) {
  assert.throws(
    () => stripeAmount(minor, currency),
    (err: unknown) =>
      err instanceof StripeAmountError && err.message === message && err.currency === currency,
  );
}

describe('stripeAmount', () => {
  test('two-decimal currencies pass our minor units through', () => {
    assert.equal(stripeAmount(1999, 'USD'), 1999);
    assert.equal(stripeAmount(0, 'EUR'), 0);
    // HUF and TWD are zero-decimal for Stripe payouts only; charges keep two decimals.
    assert.equal(stripeAmount(12345, 'HUF'), 12345);
    assert.equal(stripeAmount(12345, 'TWD'), 12345);
  });

  test("Stripe's zero-decimal currencies take whole units: one unit is 1", () => {
    for (const currency of STRIPE_ZERO_DECIMAL) {
      assert.equal(stripeAmount(toMinor(1, currency), currency), 1, currency);
    }
    assert.equal(stripeAmount(5000, 'JPY'), 5000);
  });

  test('MGA has 2 decimals in ISO 4217 but none at Stripe: whole ariary only', () => {
    assert.equal(stripeAmount(toMinor(1500, 'MGA'), 'MGA'), 1500);
    refused(toMinor(1500.5, 'MGA'), 'MGA', 'MGA amounts must be a multiple of 1.00 for online payment');
  });

  test('ISK has no decimals in ISO 4217; Stripe still counts hundredths, always 00', () => {
    assert.equal(stripeAmount(5, 'ISK'), 500);
    assert.equal(fromStripeAmount(500, 'ISK'), 5);
  });

  test('three-decimal currencies must end in 0', () => {
    for (const currency of STRIPE_THREE_DECIMAL) {
      assert.equal(stripeAmount(12340, currency), 12340);
      refused(12345, currency, `${currency} amounts must be a multiple of 0.010 for online payment`);
    }
  });

  test('ISO three- and four-decimal currencies Stripe does not list count as two-decimal there', () => {
    assert.equal(stripeAmount(12340, 'IQD'), 1234);
    refused(12345, 'IQD', 'IQD amounts must be a multiple of 0.010 for online payment');
    assert.equal(stripeAmount(toMinor(1.25, 'CLF'), 'CLF'), 125);
    assert.equal(stripeAmount(7, 'UYI'), 700);
  });

  test('the currency may be given in any case', () => {
    assert.equal(stripeAmount(12340, 'kwd'), 12340);
    refused(12345, 'KWD', 'KWD amounts must be a multiple of 0.010 for online payment');
  });

  test('only whole, non-negative minor units', () => {
    refused(-1, 'USD', 'USD amount must be a whole number of minor units, got -1');
    refused(1.5, 'USD', 'USD amount must be a whole number of minor units, got 1.5');
  });

  test('fromStripeAmount undoes stripeAmount for every chargeable amount', () => {
    for (const [minor, currency] of [
      [1999, 'USD'],
      [5000, 'JPY'],
      [12340, 'KWD'],
      [150000, 'MGA'],
      [5, 'ISK'],
      [12340, 'IQD'],
      [7, 'UYI'],
    ] as const) {
      assert.equal(fromStripeAmount(stripeAmount(minor, currency), currency), minor, currency);
    }
    assert.equal(fromStripeAmount(1500, 'mga'), 150000);
  });
});
