/** The invoice editor's page: one form that works without JavaScript; htmx adds live totals and rows. */
import { CsrfField } from '../layout.tsx';
import { Configurations, Field, Select } from './editor-parts.tsx';
import type { EditorForm, ItemRow } from './form.ts';
import { Totals, type TotalsResult } from './totals.tsx';

export const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'NZD',
  'CHF',
  'JPY',
  'INR',
  'MXN',
  'BRL',
  'ZAR',
  'SGD',
  'HKD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'AED',
  'BHD',
  'KWD',
  'OMR',
  'JOD',
];

export interface EditorProps {
  form: EditorForm;
  csrfToken: string;
  action: string;
  previewUrl: string;
  totals: TotalsResult;
  problems: string[];
  editing: boolean;
}

/** A button that changes the form's rows: a plain submit without JS; with htmx the form is swapped in place. */
function RowButton(props: { action: string; intent: string; label: string; text: string; cls?: string }) {
  return (
    <button
      type="submit"
      name="intent"
      value={props.intent}
      class={props.cls ?? 'secondary'}
      aria-label={props.label}
      formnovalidate
      hx-post={props.action}
      hx-target="#invoice-form"
      hx-select="#invoice-form"
      hx-swap="outerHTML"
    >
      {props.text}
    </button>
  );
}

function Item({ row, i, action }: { row: ItemRow; i: number; action: string }) {
  const id = (f: string) => `item-${i}-${f}`;
  const n = i + 1;
  return (
    <li class="inv-item">
      <Field id={id('name')} name="item_name" label={`Item ${n}`} value={row.name} />
      <Field id={id('description')} name="item_description" label="Description" value={row.description} />
      <Field id={id('amount')} name="item_amount" label="Price" value={row.amount} inputmode="decimal" />
      <Field id={id('qty')} name="item_qty" label="Quantity" value={row.qty} inputmode="decimal" />
      <Field id={id('tax-name')} name="item_tax_name" label="Tax name" value={row.taxName} />
      <Field id={id('tax-rate')} name="item_tax_rate" label="Tax %" value={row.taxRate} inputmode="decimal" />
      <div class="inv-item-remove">
        <RowButton
          action={action}
          intent={`remove-${i}`}
          label={`Remove item ${n}`}
          text="Remove"
          cls="link"
        />
      </div>
    </li>
  );
}

export function Editor(props: EditorProps) {
  const { form, action } = props;
  const currencies =
    CURRENCIES.includes(form.currency) || form.currency === '' ? CURRENCIES : [form.currency, ...CURRENCIES];
  return (
    <form id="invoice-form" method="post" action={action} class="inv-editor" novalidate>
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="templateId" value={form.templateId} />
      {/* Enter in a field saves (the first submit button of a form is its default). */}
      <button type="submit" name="intent" value="save" class="inv-default" tabindex={-1}>
        Save
      </button>
      <div id="flash"></div>
      {props.problems.length > 0 ? (
        <div class="error" role="alert">
          <p>The invoice was not saved:</p>
          <ul>
            {props.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="inv-columns">
        <div>
          <fieldset>
            <legend>Invoice</legend>
            <div class="row">
              <Field id="name" name="name" label="Name" value={form.name} required />
              <Field
                id="issueDate"
                name="issueDate"
                label="Issue date"
                type="date"
                value={form.issueDate}
                required
              />
              <Field id="dueDate" name="dueDate" label="Due date" type="date" value={form.dueDate} />
              <Select
                id="currency"
                name="currency"
                label="Currency"
                value={form.currency}
                options={currencies.map((c) => [c, c])}
              />
            </div>
            <div class="inv-mode" role="radiogroup" aria-labelledby="mode-label">
              <span id="mode-label" class="label">
                Mode
              </span>
              <label class="check">
                <input type="radio" name="mode" value="test" checked={form.mode === 'test'} /> Test (paid with
                test cards)
              </label>
              <label class="check">
                <input type="radio" name="mode" value="live" checked={form.mode === 'live'} /> Live
              </label>
            </div>
          </fieldset>
          <fieldset>
            <legend>Contact</legend>
            <div class="row">
              <Field
                id="contactName"
                name="contactName"
                label="Name"
                value={form.contactName}
                required
                autocomplete="name"
              />
              <Field
                id="contactEmail"
                name="contactEmail"
                label="Email"
                type="email"
                value={form.contactEmail}
                autocomplete="email"
              />
              <Field
                id="contactPhone"
                name="contactPhone"
                label="Phone"
                type="tel"
                value={form.contactPhone}
                autocomplete="tel"
              />
              <Field
                id="contactId"
                name="contactId"
                label="Contact id"
                value={form.contactId}
                hint="Left empty, one is made up."
              />
            </div>
          </fieldset>
          <fieldset>
            <legend>Items</legend>
            <ol class="inv-items">
              {form.items.map((row, i) => (
                <Item row={row} i={i} action={action} />
              ))}
            </ol>
            <RowButton action={action} intent="add-item" label="Add item" text="Add item" />
          </fieldset>
          <fieldset>
            <legend>Discount</legend>
            <div class="row">
              <Select
                id="discountType"
                name="discountType"
                label="Discount type"
                value={form.discountType}
                options={[
                  ['percentage', 'Percentage'],
                  ['fixed', 'Fixed amount'],
                ]}
              />
              <Field
                id="discountValue"
                name="discountValue"
                label="Discount"
                value={form.discountValue}
                inputmode="decimal"
              />
            </div>
          </fieldset>
          <Configurations form={form} />
          <div>
            <label for="termsNotes">Terms and notes</label>
            <textarea id="termsNotes" name="termsNotes" rows={4}>
              {form.termsNotes}
            </textarea>
          </div>
        </div>
        <div class="inv-side">
          <Totals result={props.totals} previewUrl={props.previewUrl} />
          <div class="actions">
            <button type="submit" name="intent" value="save">
              {props.editing ? 'Save draft' : 'Create draft'}
            </button>
            <button type="submit" name="intent" value="recalculate" class="secondary" formnovalidate>
              Recalculate
            </button>
          </div>
        </div>
      </div>
    </form>
  );
}
