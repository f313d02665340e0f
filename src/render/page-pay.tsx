/**
 * The hosted page's Pay section: a plain form (POST, no script) to /i/{token}/pay with what is paid, a
 * tip and whether to save the card; or why it cannot be paid online now.
 */
import { formatDate } from './display.ts';
import type { PayForm, PaySection } from './page-model.ts';

type Money = (minor: number) => string;

function WhatIsPaid({ form, money }: { form: PayForm; money: Money }) {
  if (!form.entry) {
    return (
      <p class="pay-what">
        Amount due <strong>{money(form.amount)}</strong>
      </p>
    );
  }
  return (
    <p class="pay-what">
      Next payment: <strong>{form.entry.name}</strong>, due {formatDate(form.entry.dueDate)}{' '}
      <strong>{money(form.amount)}</strong>
    </p>
  );
}

function Tips({ form, money }: { form: PayForm; money: Money }) {
  if (form.tips.length === 0) return null;
  const chosen = form.chosen?.tipPercent;
  return (
    <fieldset class="tips">
      <legend>Add a tip</legend>
      <label>
        <input type="radio" name="tip" value="none" checked={chosen === undefined} /> No tip
      </label>
      {form.tips.map((tip) => (
        <label>
          <input type="radio" name="tip" value={String(tip.percent)} checked={chosen === tip.percent} />{' '}
          {tip.percent}% <span class="muted">(+{money(tip.amount)})</span>
        </label>
      ))}
    </fieldset>
  );
}

function Form({ form, money, testMode }: { form: PayForm; money: Money; testMode: boolean }) {
  return (
    <form method="post" action={form.action}>
      <input type="hidden" name="pay" value={form.pay} />
      <WhatIsPaid form={form} money={money} />
      <Tips form={form} money={money} />
      <label class="save">
        <input type="checkbox" name="saveMethod" value="on" checked={form.chosen?.saveMethod === true} /> Save
        this card for future payments
      </label>
      <button type="submit">Pay {money(form.amount)}</button>
      {form.tips.length > 0 && <p class="muted small">A tip is added to this amount.</p>}
      {testMode && (
        <p class="muted small">Test mode: you pay with a test card on a test page; no money moves.</p>
      )}
    </form>
  );
}

const NOTES: Record<Exclude<PaySection['kind'], 'form'>, string> = {
  processing: 'A payment for this invoice is being processed.',
  not_set_up:
    'Online payment is not set up for this invoice. Please pay using the details agreed with the business.',
  confirming: 'Your payment is being confirmed. This page updates by itself in a few seconds.',
};

export function PayArea({ section, error, money }: { section?: PaySection; error?: string; money: Money }) {
  if (!section) return null;
  return (
    <section id="pay" aria-label="Payment" data-state={section.kind}>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {section.kind === 'form' ? (
        <>
          {section.processing && <p class="muted small">{NOTES.processing}</p>}
          <Form form={section.form} money={money} testMode={section.testMode} />
        </>
      ) : (
        <p class="muted" role="status">
          {NOTES[section.kind]}
        </p>
      )}
    </section>
  );
}
