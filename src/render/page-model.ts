/**
 * What the hosted page shows beside the invoice document: its Pay section and the outcome of a checkout
 * the customer is back from. Built by the use case (src/invoicing/customer-page.ts) from the ledger.
 */

/** The pay form: what is paid now and the tips on offer, each with its amount (minor units). */
export interface PayForm {
  /** Where the form posts: /i/{token}/pay. */
  action: string;
  /** What is paid: what is due, or the schedule's next pending entry. */
  pay: 'due' | 'next_entry';
  amount: number;
  /** The schedule entry paid, when there is a schedule. */
  entry?: { name: string; dueDate: string };
  tips: Array<{ percent: number; amount: number }>;
  /** The choices the form is shown with again after a refusal. */
  chosen?: { tipPercent?: number; saveMethod: boolean };
}

export type PaySection =
  /** The form; `processing` when another payment is still settling. */
  | { kind: 'form'; form: PayForm; processing: boolean; testMode: boolean }
  /** A payment is being processed and nothing else is open. */
  | { kind: 'processing' }
  /** No provider for this invoice (a live invoice without Stripe). */
  | { kind: 'not_set_up' }
  /** Back from a checkout whose payment the provider has not confirmed yet. */
  | { kind: 'confirming' };

export interface PageState {
  /** Absent when nothing can be paid (draft, void, paid, nothing due). */
  pay?: PaySection;
  /** Back from a checkout whose payment is in the ledger. */
  thanks?: boolean;
  /** Why the pay form was refused, or why a checkout did not go through. */
  error?: string;
}
