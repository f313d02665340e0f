/** The dashboard's lists: a table that stacks into labelled rows on a phone (each cell needs its data-label). */
import type { ComponentChildren, VNode } from 'preact';

export interface Column {
  label: string;
  /** Right-aligned figures. */
  num?: boolean;
  /** A heading only screen readers need (a column of buttons). */
  hidden?: boolean;
}

export function ListTable(props: { columns: Column[]; class?: string; children: ComponentChildren }): VNode {
  return (
    <div class="table-wrap">
      <table class={props.class ? `list stack ${props.class}` : 'list stack'}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" class={c.num ? 'num' : undefined}>
                {c.hidden ? <span class="skip">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
