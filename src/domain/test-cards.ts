/**
 * The built-in test provider's cards: Stripe's test numbers decide what happens (docs/payments.md).
 * Test mode only; a number is read to pick an outcome and never kept, only its brand and last 4 digits.
 */
export type TestCardOutcome =
  | 'succeeds'
  | 'declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'requires_confirmation';

export const TEST_CARDS: Readonly<Record<string, TestCardOutcome>> = {
  '4242424242424242': 'succeeds',
  '4000000000000002': 'declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000002500003155': 'requires_confirmation',
};

/** Stripe's test payment method ids, usable as saved methods of any customer in test mode. */
export const MAGIC_METHODS: Readonly<Record<string, TestCardOutcome>> = {
  pm_card_visa: 'succeeds',
  pm_card_chargeDeclined: 'declined',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_authenticationRequired: 'requires_confirmation',
};

export const DECLINE_MESSAGES: Readonly<Record<Exclude<TestCardOutcome, 'succeeds'>, string>> = {
  declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  requires_confirmation: 'This payment needs to be confirmed by the card holder.',
};

/** Digits only, 12 to 19 of them, passing the Luhn check. */
export function isCardNumber(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  return 'card';
}

/**
 * What a card number entered on the test checkout does: one of the test numbers' outcomes, or undefined
 * for any other number (refused as invalid: it fails the Luhn check or is not a test card).
 */
export function testCardOutcome(entered: string): TestCardOutcome | undefined {
  const digits = entered.replace(/[\s-]/g, '');
  return isCardNumber(digits) ? TEST_CARDS[digits] : undefined;
}
