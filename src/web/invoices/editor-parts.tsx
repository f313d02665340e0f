/** Parts of the invoice editor: labelled fields, and the tips, late fees and schedule sections. */
import type { EditorForm } from './form.ts';
import { LATE_INTERVALS, SCHEDULE_ROWS } from './form.ts';

const INTERVAL_TEXT: Record<(typeof LATE_INTERVALS)[number], string> = {
  one_time: 'Once',
  day: 'Every N days',
  week: 'Every N weeks',
  month: 'Every N months',
};

export function Field(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  type?: string;
  required?: boolean;
  hint?: string;
  inputmode?: string;
  autocomplete?: string;
}) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        inputMode={props.inputmode as 'decimal' | undefined}
        autocomplete={props.autocomplete ?? 'off'}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      {props.hint ? (
        <p class="small muted" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

export function Select(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: Array<[string, string]>;
}) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Configurations({ form }: { form: EditorForm }) {
  const schedule = [...form.schedule];
  while (schedule.length < SCHEDULE_ROWS) schedule.push({ name: '', value: '', dueDate: '' });
  return (
    <>
      <fieldset>
        <legend>Tips</legend>
        <label class="check">
          <input type="checkbox" name="tipsEnabled" checked={form.tipsEnabled} /> Let the customer add a tip
        </label>
        <Field
          id="tips"
          name="tipsPercentages"
          label="Tip percentages"
          value={form.tipsPercentages}
          hint="Separated by commas, e.g. 10, 15, 20"
        />
      </fieldset>
      <fieldset>
        <legend>Late fees</legend>
        <label class="check">
          <input type="checkbox" name="lateEnabled" checked={form.lateEnabled} /> Charge late fees after the
          due date
        </label>
        <div class="row">
          <Select
            id="late-type"
            name="lateType"
            label="Fee type"
            value={form.lateType}
            options={[
              ['fixed', 'Fixed amount'],
              ['percentage', 'Percent of amount due'],
            ]}
          />
          <Field id="late-value" name="lateValue" label="Fee" value={form.lateValue} inputmode="decimal" />
          <Select
            id="late-interval"
            name="lateInterval"
            label="How often"
            value={form.lateInterval}
            options={LATE_INTERVALS.map((v) => [v, INTERVAL_TEXT[v]])}
          />
          <Field
            id="late-count"
            name="lateIntervalCount"
            label="N (for every N)"
            value={form.lateIntervalCount}
            inputmode="numeric"
          />
          <Field
            id="late-grace"
            name="lateGraceDays"
            label="Grace days"
            value={form.lateGraceDays}
            inputmode="numeric"
          />
          <Field
            id="late-max"
            name="lateMax"
            label="At most (total)"
            value={form.lateMax}
            inputmode="decimal"
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Payment schedule</legend>
        <Select
          id="schedule-type"
          name="scheduleType"
          label="Split into payments"
          value={form.scheduleType}
          options={[
            ['', 'No schedule: one payment'],
            ['fixed', 'Fixed amounts'],
            ['percentage', 'Percentages of the total'],
          ]}
        />
        <ol class="inv-schedule">
          {schedule.map((r, i) => (
            <li class="row">
              <Field
                id={`schedule-${i}-name`}
                name="schedule_name"
                label={`Payment ${i + 1} name`}
                value={r.name}
              />
              <Field
                id={`schedule-${i}-value`}
                name="schedule_value"
                label="Amount or %"
                value={r.value}
                inputmode="decimal"
              />
              <Field id={`schedule-${i}-due`} name="schedule_due" label="Due" type="date" value={r.dueDate} />
            </li>
          ))}
        </ol>
      </fieldset>
    </>
  );
}
