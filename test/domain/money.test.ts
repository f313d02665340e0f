/** Money helpers and totals: integer minor units per ISO 4217, never floating point. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  allocate,
  currencyExponent,
  decimalText,
  formatMoney,
  MoneyError,
  toMajor,
  toMinor,
} from '../../src/domain/money.ts';
import { computeTotals } from '../../src/domain/totals.ts';
import { AppError } from '../../src/errors.ts';

describe('minor units', () => {
  test('exponents: JPY 0, USD 2, KWD 3', () => {
    assert.equal(currencyExponent('JPY'), 0);
    assert.equal(currencyExponent('USD'), 2);
    assert.equal(currencyExponent('KWD'), 3);
  });

  test('major -> minor is exact where float multiplication is not', () => {
    assert.notEqual(1.005 * 100, 100.5);
    assert.equal(toMinor(1.005, 'KWD'), 1005);
    assert.equal(toMinor(0.3, 'USD'), 30);
    assert.equal(toMinor(999.5, 'USD'), 99950);
    assert.equal(toMinor(19.99, 'USD'), 1999);
    assert.equal(toMinor(1234, 'JPY'), 1234);
    assert.equal(toMinor(1.234, 'KWD'), 1234);
    assert.equal(toMinor(-0.5, 'USD'), -50);
    assert.equal(toMinor(1e-2, 'USD'), 1);
  });

  test('more decimals than the currency allows is refused', () => {
    assert.throws(() => toMinor(10.5, 'JPY'), MoneyError);
    assert.throws(() => toMinor(0.001, 'USD'), /at most 2 decimal places for USD/);
    assert.throws(() => toMinor(1.2345, 'KWD'), /at most 3 decimal places for KWD/);
    // 0.1 + 0.2 is 0.30000000000000004 as a double: it is not an amount in cents.
    assert.throws(() => toMinor(0.1 + 0.2, 'USD'), MoneyError);
  });

  test('minor -> major round-trips', () => {
    for (const [minor, currency, major] of [
      [99950, 'USD', 999.5],
      [1, 'USD', 0.01],
      [1234, 'JPY', 1234],
      [1005, 'KWD', 1.005],
      [-250, 'USD', -2.5],
    ] as const) {
      assert.equal(toMajor(minor, currency), major);
      assert.equal(toMinor(major, currency), minor);
    }
  });

  test('exponent notation is read exactly', () => {
    assert.equal(decimalText(1e-7), '0.0000001');
    assert.equal(decimalText(1.5e21), '1500000000000000000000');
  });

  test('allocation always sums to the amount', () => {
    assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(allocate(0, [5, 5]), [0, 0]);
    const parts = allocate(997, [333, 333, 334, 1]);
    assert.equal(
      parts.reduce((a, b) => a + b, 0),
      997,
    );
  });

  test('display formats follow the currency', () => {
    assert.equal(formatMoney(123450, 'USD'), '$1,234.50');
    assert.equal(formatMoney(1235, 'JPY'), '¥1,235');
    assert.equal(formatMoney(1250, 'KWD'), 'KWD\u00a01.250');
  });
});

describe('totals', () => {
  const item = (amount: number, qty: number, currency = 'USD') => ({ name: 'x', currency, amount, qty });

  test('JPY: no decimals; KWD: three', () => {
    const jpy = computeTotals('JPY', [item(1500, 3, 'JPY')], { type: 'percentage', value: 10 });
    assert.equal(jpy.total, 4050);
    const kwd = computeTotals('KWD', [item(1.255, 2, 'KWD')], { type: 'fixed', value: 0.005 });
    assert.equal(kwd.subTotal, 2510);
    assert.equal(kwd.total, 2505);
  });

  test('0.1 + 0.2 of items is exactly 0.3', () => {
    const t = computeTotals('USD', [item(0.1, 1), item(0.2, 1)], { type: 'percentage', value: 0 });
    assert.equal(t.total, 30);
  });

  test('excess decimals in items and discounts are a 422 listing every problem', () => {
    try {
      computeTotals('JPY', [item(10.5, 1, 'JPY'), item(1, 1.00001, 'JPY')], { type: 'fixed', value: 0.5 });
      assert.fail('expected a 422');
    } catch (err) {
      assert.ok(err instanceof AppError);
      assert.equal(err.statusCode, 422);
      assert.deepEqual(err.messages, [
        'items.0.amount must be a whole number: JPY has no minor unit',
        'items.1.qty must have at most 4 decimal places',
        'discount.value must be a whole number: JPY has no minor unit',
      ]);
    }
  });

  test('an unknown currency and a mismatched item currency are refused', () => {
    assert.throws(() => computeTotals('XYZ', [item(1, 1, 'XYZ')], { type: 'fixed' }), /ISO 4217/);
    assert.throws(() => computeTotals('USD', [item(1, 1, 'EUR')], { type: 'fixed' }), /invoice currency USD/);
  });

  test('a discount larger than the items is refused', () => {
    assert.throws(
      () => computeTotals('USD', [item(10, 1)], { type: 'fixed', value: 10.01 }),
      /must not be greater/,
    );
    assert.throws(
      () => computeTotals('USD', [item(10, 1)], { type: 'percentage', value: 101 }),
      /greater than 100/,
    );
  });

  test('a line too large for safe integers is refused, not rounded', () => {
    assert.throws(
      () => computeTotals('KWD', [item(999_999_999, 1_000_000, 'KWD')], { type: 'fixed' }),
      /too large/,
    );
  });
});
