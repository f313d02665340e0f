/**
 * The form parts the schedule, estimate and template editors share: name and currency, contact, the item
 * rows (with an "Add item" submit button, so no script is needed), discount, test/live mode and the list
 * of problems a post was refused for.
 */
import type { ComponentChildren, VNode } from 'preact';
import type { DraftForm } from './draft.ts';

/** The submit button that re-renders the form with one more item row (name `_action`). */
export const ADD_ITEM = 'add-item';

export function Problems({ problems }: { problems: string[] }): VNode | null {
  if (problems.length === 0) return null;
  return (
    <div class="error" role="alert" id="problems">
      <p>
        <strong>Please fix:</strong>
      </p>
      <ul>
        {problems.map((p) => (
          <li>{p}</li>
        ))}
      </ul>
    </div>
  );
}

export function Field(props: {
  id: string;
  label: string;
  name?: string;
  value: string;
  type?: string;
  required?: boolean;
  hint?: string;
  inputmode?: 'decimal' | 'numeric' | 'email' | 'tel';
  autocomplete?: string;
  maxLength?: number;
  min?: string;
}): VNode {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name ?? props.id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        inputMode={props.inputmode}
        autoComplete={props.autocomplete ?? 'off'}
        maxLength={props.maxLength}
        min={props.min}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      {props.hint ? (
        <span class="muted small" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
    </div>
  );
}

export function Select(props: {
  id: string;
  label: string;
  value: string;
  options: Array<[string, string]>;
  name?: string;
}): VNode {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name ?? props.id}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NameAndCurrency({ draft, nameLabel }: { draft: DraftForm; nameLabel: string }): VNode {
  return (
    <div class="row">
      <Field id="name" label={nameLabel} value={draft.name} required maxLength={500} />
      <Field
        id="currency"
        label="Currency"
        value={draft.currency}
        required
        maxLength={3}
        hint="Three letters, e.g. USD"
      />
    </div>
  );
}

export function ContactFields({ draft }: { draft: DraftForm }): VNode {
  return (
    <fieldset>
      <legend>Contact</legend>
      <input type="hidden" name="contact_id" value={draft.contactId} />
      <div class="row">
        <Field id="contact_name" label="Name" value={draft.contactName} required maxLength={500} />
        <Field
          id="contact_email"
          label="Email"
          type="email"
          value={draft.contactEmail}
          maxLength={320}
          autocomplete="email"
        />
        <Field
          id="contact_phone"
          label="Phone"
          type="tel"
          value={draft.contactPhone}
          maxLength={40}
          autocomplete="tel"
        />
      </div>
    </fieldset>
  );
}

/** The item rows: one set of repeated fields a row (item_name, item_description, item_amount, item_qty). */
export function ItemRows({ draft }: { draft: DraftForm }): VNode {
  return (
    <fieldset class="doc-items" id="items">
      <legend>Items</legend>
      {draft.items.map((row, i) => {
        const n = i + 1;
        return (
          <div class="doc-item row">
            <div class="doc-item-name">
              <label for={`item_name_${n}`}>Item {n}</label>
              <input id={`item_name_${n}`} name="item_name" value={row.name} maxLength={500} />
            </div>
            <div class="doc-item-desc">
              <label for={`item_description_${n}`}>Description {n}</label>
              <input
                id={`item_description_${n}`}
                name="item_description"
                value={row.description}
                maxLength={2000}
              />
            </div>
            <div class="doc-item-num">
              <label for={`item_amount_${n}`}>Price {n}</label>
              <input
                id={`item_amount_${n}`}
                name="item_amount"
                value={row.amount}
                inputMode="decimal"
                maxLength={20}
              />
            </div>
            <div class="doc-item-num">
              <label for={`item_qty_${n}`}>Quantity {n}</label>
              <input
                id={`item_qty_${n}`}
                name="item_qty"
                value={row.qty}
                inputMode="decimal"
                maxLength={20}
              />
            </div>
          </div>
        );
      })}
      <p class="muted small">Leave a row empty to drop it.</p>
      <button type="submit" class="secondary" name="_action" value={ADD_ITEM} formNoValidate>
        Add item
      </button>
    </fieldset>
  );
}

export function DiscountFields({ draft }: { draft: DraftForm }): VNode {
  return (
    <fieldset>
      <legend>Discount</legend>
      <div class="row">
        <Select
          id="discount_type"
          label="Kind"
          value={draft.discountType}
          options={[
            ['percentage', 'Percent of the subtotal'],
            ['fixed', 'Fixed amount'],
          ]}
        />
        <Field
          id="discount_value"
          label="Discount"
          value={draft.discountValue}
          inputmode="decimal"
          maxLength={20}
          hint="Empty for none"
        />
      </div>
    </fieldset>
  );
}

/** Test or live; a new document starts as the location's test-mode setting says. */
export function ModeField({ live, label = 'Mode' }: { live: boolean; label?: string }): VNode {
  return (
    <Select
      id="mode"
      label={label}
      value={live ? 'live' : 'test'}
      options={[
        ['test', 'Test (messages go to the outbox)'],
        ['live', 'Live'],
      ]}
    />
  );
}

/** The shared parts in their usual order, with the editor's own fields in between. */
export function DocumentFields(props: {
  draft: DraftForm;
  nameLabel: string;
  /** Templates have no contact. */
  contact?: boolean;
  children?: ComponentChildren;
}): VNode {
  return (
    <>
      <NameAndCurrency draft={props.draft} nameLabel={props.nameLabel} />
      {props.contact === false ? null : <ContactFields draft={props.draft} />}
      <ItemRows draft={props.draft} />
      <DiscountFields draft={props.draft} />
      {props.children}
    </>
  );
}
