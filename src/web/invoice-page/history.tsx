/** The invoice's history as a timeline: one line per record, in words, oldest first. */
import { formatMoney } from '../../domain/money.ts';
import type { HistoryEntry } from '../../invoicing/dashboard-invoice.ts';

const ACTIONS: Record<string, string> = {
  email: 'by email',
  sms: 'by SMS',
  sms_and_email: 'by email and SMS',
  send_manually: 'manually (marked as sent)',
};

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function amountOf(entry: HistoryEntry, currency: string, key = 'amount'): string {
  const amount = entry.data[key];
  if (typeof amount !== 'number') return '';
  return formatMoney(amount, str(entry.data.currency) ?? currency);
}

function channelName(value: unknown): string {
  return value === 'sms' ? 'SMS' : 'Email';
}

/** What happened, in words (user text, e.g. a recipient, stays text: JSX escapes it). */
export function describeEntry(entry: HistoryEntry, currency: string): string {
  const d = entry.data;
  switch (entry.type) {
    case 'created':
      return 'Created';
    case 'updated':
      return 'Edited';
    case 'voided':
      return 'Voided';
    case 'sent': {
      const how = ACTIONS[str(d.action) ?? ''] ?? '';
      return `Sent ${how}${d.liveMode === false ? ' in test mode' : ''}`.trim();
    }
    case 'viewed':
      return 'Viewed by the customer';
    case 'delivery_sent':
      return `${channelName(d.channel)} delivered to ${str(d.recipient) ?? 'the customer'}`;
    case 'delivery_failed':
      return `${channelName(d.channel)} to ${str(d.recipient) ?? 'the customer'} failed: ${str(d.error) ?? 'no reason given'}`;
    case 'reminder_sent':
      return `Reminder sent${str(d.reminderName) ? `: ${d.reminderName}` : ''}`;
    case 'payment_recorded':
      return `Payment of ${amountOf(entry, currency)} recorded`;
    case 'payment_succeeded':
      return `Payment of ${amountOf(entry, currency)} received`;
    case 'payment_processing':
      return 'Payment is being processed';
    case 'payment_failed':
      return `Payment failed${str(d.reason) ? `: ${d.reason}` : ''}`;
    case 'payment_needs_refund':
      return 'A payment arrived that needs a refund';
    case 'refunded':
      return `Refund of ${amountOf(entry, currency)}`;
    case 'refund_failed':
      return `Refund failed${str(d.reason) ? `: ${d.reason}` : ''}`;
    case 'charge_scheduled':
      return `Automatic payment of ${amountOf(entry, currency)} scheduled`;
    case 'charge_failed':
      return `Automatic payment failed${str(d.reason) ? `: ${d.reason}` : ''}`;
    case 'charges_cancelled':
      return 'Scheduled automatic payments cancelled';
    case 'late_fees_charged':
      return `Late fees of ${amountOf(entry, currency, 'total')} charged`;
    default:
      return entry.type.replace(/_/g, ' ');
  }
}

function who(entry: HistoryEntry): string | undefined {
  const { actor } = entry;
  if (actor.kind === 'customer') return 'customer';
  if (actor.tokenId?.startsWith('dashboard:')) return 'dashboard';
  if (actor.tokenId) return 'API';
  if (actor.system) return actor.system;
  return undefined;
}

export function History({ entries, currency }: { entries: HistoryEntry[]; currency: string }) {
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {entries.length === 0 ? (
        <p class="muted">Nothing has happened yet.</p>
      ) : (
        <ol class="timeline" id="history">
          {entries.map((entry) => {
            const by = who(entry);
            return (
              <li class={`inv-event inv-event-${entry.type}`}>
                <span>{describeEntry(entry, currency)}</span>
                <span class="muted small inv-when">
                  <time datetime={entry.at.toISOString()}>
                    {entry.at.toISOString().slice(0, 16).replace('T', ' ')} UTC
                  </time>
                  {by ? ` · ${by}` : ''}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
