/**
 * TypeBox schemas of recurring schedules (CreateInvoiceScheduleDto, UpdateInvoiceScheduleDto,
 * ScheduleInvoiceScheduleDto, AutoPaymentScheduleDto, CancelInvoiceScheduleDto and the responses;
 * reference apps/invoices.json).
 */
import { Type as T } from '@sinclair/typebox';
import { SCHEDULE_STATUSES } from '../../domain/schedule.ts';
import { InvoiceResponse } from '../../invoicing/response-schemas.ts';
import { AltType, Id, OneOf, Opaque, Str, Strict } from './common.ts';
import { BusinessDetails, ContactDetails, Discount, InvoiceItemInput } from './invoice.ts';
import { SendInvoiceBody } from './send.ts';

export const ScheduleParams = T.Object({ scheduleId: Id }, Strict);

const Day = Str(10, { format: 'date' });
const Time = Str(8, { pattern: '^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$' });

/** CustomRRuleOptionsDto; `timezone` is our addition (else the location's, else UTC). */
const RRule = T.Object(
  {
    intervalType: OneOf(['yearly', 'monthly', 'weekly', 'daily', 'hourly', 'minutely', 'secondly'] as const),
    interval: T.Integer({ minimum: 1, maximum: 1000 }),
    startDate: Day,
    startTime: T.Optional(Time),
    endDate: T.Optional(Day),
    endTime: T.Optional(Time),
    dayOfMonth: T.Optional(T.Integer({ minimum: -1, maximum: 31 })),
    dayOfWeek: T.Optional(OneOf(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const)),
    numOfWeek: T.Optional(T.Integer({ minimum: -1, maximum: 4 })),
    monthOfYear: T.Optional(
      OneOf(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const),
    ),
    count: T.Optional(T.Integer({ minimum: 1, maximum: 10_000 })),
    daysBefore: T.Optional(T.Integer({ minimum: 0, maximum: 365 })),
    useStartAsPrimaryUserAccepted: T.Optional(T.Boolean()),
    endType: T.Optional(OneOf(['by', 'after', 'count', 'never'] as const)),
    timezone: T.Optional(Str(100, { minLength: 1 })),
  },
  Strict,
);

/** ScheduleOptionsDto; `dueAfterDays` is our addition: each invoice is due that many days after its issue date. */
const ScheduleOptions = T.Object(
  {
    executeAt: T.Optional(Str(40, { minLength: 1 })),
    rrule: T.Optional(RRule),
    dueAfterDays: T.Optional(T.Integer({ minimum: 0, maximum: 365 })),
  },
  Strict,
);

const ScheduleCommon = {
  altId: Id,
  altType: AltType,
  name: Str(500, { minLength: 1 }),
  contactDetails: ContactDetails,
  schedule: ScheduleOptions,
  liveMode: T.Boolean(),
  businessDetails: BusinessDetails,
  currency: Str(3, { minLength: 3 }),
  items: T.Array(InvoiceItemInput, { minItems: 1, maxItems: 500 }),
  discount: Discount,
  termsNotes: T.Optional(Str(20_000)),
  title: T.Optional(Str(200)),
  attachments: T.Optional(T.Array(Opaque, { maxItems: 50 })),
  miscellaneousCharges: T.Optional(Opaque),
};

export const CreateScheduleBody = T.Object(
  {
    ...ScheduleCommon,
    automaticTaxesEnabled: T.Optional(T.Boolean()),
    tipsConfiguration: T.Optional(Opaque),
    lateFeesConfiguration: T.Optional(Opaque),
    invoiceNumberPrefix: T.Optional(Str(20)),
    paymentMethods: T.Optional(Opaque),
  },
  Strict,
);

export const UpdateScheduleBody = T.Object(ScheduleCommon, Strict);

/** AutoPaymentDetailsDto, as a send takes it. */
const AutoPayment = T.Object(SendInvoiceBody.properties.autoPayment.properties, Strict);

export const ActivateScheduleBody = T.Object(
  { altId: Id, altType: AltType, liveMode: T.Boolean(), autoPayment: T.Optional(AutoPayment) },
  Strict,
);

export const AutoPaymentScheduleBody = T.Object(
  { altId: Id, altType: AltType, id: Id, autoPayment: AutoPayment },
  Strict,
);

export const CancelScheduleBody = T.Object({ altId: Id, altType: AltType }, Strict);

export const ListSchedulesQuery = T.Object(
  {
    altId: Id,
    altType: AltType,
    status: T.Optional(OneOf(['all', ...SCHEDULE_STATUSES] as const)),
    startAt: T.Optional(Day),
    endAt: T.Optional(Day),
    search: T.Optional(Str(200)),
    paymentMode: T.Optional(OneOf(['default', 'live', 'test'] as const)),
    limit: T.Integer({ minimum: 1, maximum: 100 }),
    offset: T.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  Strict,
);

const Item = T.Object({ ...InvoiceItemInput.properties, _id: T.String() });

export const ScheduleResponse = T.Object({
  _id: T.String(),
  status: T.String(),
  liveMode: T.Boolean(),
  altId: T.String(),
  altType: T.String(),
  companyId: T.String(),
  name: T.String(),
  schedule: T.Object({
    executeAt: T.Optional(T.String()),
    rrule: T.Optional(Opaque),
    dueAfterDays: T.Optional(T.Number()),
  }),
  invoices: T.Array(InvoiceResponse),
  businessDetails: T.Object(BusinessDetails.properties),
  currency: T.String(),
  contactDetails: T.Object(ContactDetails.properties),
  discount: T.Object(Discount.properties),
  items: T.Array(Item),
  total: T.Number(),
  title: T.String(),
  termsNotes: T.String(),
  compiledTermsNotes: T.String(),
  automaticTaxesEnabled: T.Optional(T.Boolean()),
  tipsConfiguration: T.Optional(Opaque),
  lateFeesConfiguration: T.Optional(Opaque),
  invoiceNumberPrefix: T.Optional(T.String()),
  paymentMethods: T.Optional(Opaque),
  attachments: T.Optional(T.Array(Opaque)),
  miscellaneousCharges: T.Optional(Opaque),
  timezone: T.String(),
  nextRunAt: T.Optional(T.String()),
  autoPayment: T.Optional(Opaque),
  createdAt: T.String(),
  updatedAt: T.String(),
});

export const ListSchedulesResponse = T.Object({ schedules: T.Array(ScheduleResponse), total: T.Number() });

export const DeleteScheduleResponse = T.Object({ success: T.Boolean() });
