/** The reminders sent (migration 020). */
import type { Generated } from 'kysely';

export interface InvoiceRemindersTable {
  invoice_id: string;
  reminder_id: string;
  occurrence: number;
  location_id: string;
  sent_at: Generated<Date>;
}

export interface ReminderTables {
  invoice_reminders: InvoiceRemindersTable;
}
