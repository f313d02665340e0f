/** RemindersConfigurationDto and ReminderDto (reference apps/invoices.json), as an invoice takes them. */
import { Type as T } from '@sinclair/typebox';
import { OneOf, Opaque, Str, Strict } from './common.ts';

const Reminder = T.Object(
  {
    enabled: T.Boolean(),
    emailTemplate: Str(200),
    smsTemplate: Str(200),
    emailSubject: Str(300),
    reminderId: Str(100, { minLength: 1 }),
    reminderName: Str(200),
    reminderTime: OneOf(['before', 'after'] as const),
    intervalType: OneOf(['yearly', 'monthly', 'weekly', 'daily', 'hourly', 'minutely', 'secondly'] as const),
    maxReminders: T.Integer({ minimum: 1, maximum: 100 }),
    reminderInvoiceCondition: OneOf(['invoice_sent', 'invoice_overdue'] as const),
    reminderNumber: T.Integer({ minimum: 1, maximum: 10_000 }),
    startTime: T.Optional(Str(20)),
    endTime: T.Optional(Str(20)),
    timezone: T.Optional(Str(100)),
  },
  Strict,
);

export const RemindersConfigurationInput = T.Object(
  {
    reminderExecutionDetailsList: Opaque,
    reminderSettings: T.Object(
      { defaultEmailTemplateId: Str(200), reminders: T.Array(Reminder, { maxItems: 20 }) },
      Strict,
    ),
  },
  Strict,
);
