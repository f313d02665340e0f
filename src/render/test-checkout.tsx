/**
 * The test provider's checkout page (test mode only): stands in for Stripe Checkout. The card number is
 * posted to us to pick the outcome; the expiry and CVC fields have no name, so browsers never send them.
 */
import { formatMoney } from '../domain/money.ts';
import { TEST_CARDS, type TestCardOutcome } from '../domain/test-cards.ts';
import { paymentMethodLabel } from './display.ts';
import { renderHtmlDocument, staticMarkup } from './html-document.tsx';
import { PAGE_STYLE } from './page-style.ts';

export interface TestCheckoutView {
  /** Where the card form posts; the confirmation posts to `${action}/confirm`. */
  action: string;
  business: string;
  invoiceNumber: string | null;
  currency: string;
  /** The invoice's part and the tip, minor units. */
  amount: number;
  tip: number;
  /** Back to the hosted page, paying nothing. */
  cancelUrl: string;
  /** 'confirm': the card needs its holder's confirmation (the 3-D Secure stand-in). */
  step: 'card' | 'confirm';
  card?: { brand: string; last4: string };
}

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
`;

const OUTCOMES: Record<TestCardOutcome, string> = {
  succeeds: 'Payment succeeds',
  declined: 'Declined',
  insufficient_funds: 'Declined: insufficient funds',
  expired_card: 'Declined: expired card',
  requires_confirmation: 'Asks the card holder to confirm',
};

const grouped = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

function Summary({ view }: { view: TestCheckoutView }) {
  const money = (minor: number) => formatMoney(minor, view.currency);
  return (
    <table class="totals checkout-summary">
      <tr>
        <td>Invoice {view.invoiceNumber ?? ''}</td>
        <td>{money(view.amount)}</td>
      </tr>
      {view.tip > 0 && (
        <tr>
          <td>Tip</td>
          <td>{money(view.tip)}</td>
        </tr>
      )}
      <tr class="strong">
        <td>Total</td>
        <td id="checkout-total">{money(view.amount + view.tip)}</td>
      </tr>
    </table>
  );
}

function CardForm({ view }: { view: TestCheckoutView }) {
  return (
    <form method="post" action={view.action} class="card-form">
      <label class="field">
        Card number
        <input
          type="text"
          name="cardNumber"
          inputmode="numeric"
          autocomplete="off"
          placeholder="4242 4242 4242 4242"
          required
          maxlength={40}
        />
      </label>
      <div class="field-row">
        <label class="field">
          Expiry (not sent)
          <input type="text" autocomplete="off" placeholder="12 / 34" />
        </label>
        <label class="field">
          CVC (not sent)
          <input type="text" autocomplete="off" placeholder="123" />
        </label>
      </div>
      <button type="submit">Pay {formatMoney(view.amount + view.tip, view.currency)}</button>
    </form>
  );
}

function TestCards() {
  return (
    <section class="ledger-section">
      <p class="label">Test card numbers</p>
      <table class="ledger test-cards">
        {Object.entries(TEST_CARDS).map(([digits, outcome]) => (
          <tr>
            <td>
              <code>{grouped(digits)}</code>
            </td>
            <td>{OUTCOMES[outcome]}</td>
          </tr>
        ))}
        <tr>
          <td>Any other number</td>
          <td>Refused as not a test card</td>
        </tr>
      </table>
    </section>
  );
}

function Confirm({ view }: { view: TestCheckoutView }) {
  const card = view.card
    ? paymentMethodLabel({
        mode: 'card',
        card_brand: view.card.brand,
        card_last4: view.card.last4,
        cheque_number: null,
      })
    : 'Your card';
  return (
    <section class="confirm" aria-label="Confirm the payment">
      <h2>Your bank asks you to confirm this payment</h2>
      <p>
        {card}: {formatMoney(view.amount + view.tip, view.currency)} to {view.business}.
      </p>
      <form method="post" action={`${view.action}/confirm`} class="confirm-buttons">
        <button type="submit" name="approve" value="true">
          Approve
        </button>
        <button type="submit" name="approve" value="false" class="secondary">
          Refuse
        </button>
      </form>
    </section>
  );
}

export function renderTestCheckoutPage(view: TestCheckoutView, opts: { message?: string } = {}): string {
  const body = (
    <body>
      <main class="sheet checkout">
        <div class="banner banner-test" role="note">
          TEST MODE: a test checkout. No real card is charged and no money moves.
        </div>
        <p class="label">Pay {view.business}</p>
        <h1>Invoice {view.invoiceNumber ?? ''}</h1>
        <Summary view={view} />
        {opts.message && (
          <p class="notice notice-error" role="alert">
            {opts.message}
          </p>
        )}
        {view.step === 'confirm' ? <Confirm view={view} /> : <CardForm view={view} />}
        {view.step === 'card' && <TestCards />}
        <footer class="footer">
          <a href={view.cancelUrl}>Cancel and go back to the invoice</a>
        </footer>
      </main>
    </body>
  );
  const title = `TEST MODE checkout: invoice ${view.invoiceNumber ?? ''} from ${view.business}`;
  return renderHtmlDocument({ head: HEAD, title, style: PAGE_STYLE, body });
}
