/**
 * TypeBox schemas of the invoice resource, after reference/highlevel/apps/invoices.json. Requests are
 * strict (unknown properties are a 422, as HighLevel's whitelist validation does); responses list every
 * field we return, so nothing else can leak.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { INVOICE_STATUSES } from '../../domain/invoice-status.ts';
import { InvoiceResponse } from '../../invoicing/response-schemas.ts';
import { AltType, Id, OneOf, Opaque, Str, Strict } from './common.ts';
import { RemindersConfigurationInput } from './reminders.ts';

export { InvoiceResponse };

export const AltQuery = T.Object({ altId: Id, altType: AltType }, Strict);
export type AltQuery = Static<typeof AltQuery>;

export const InvoiceParams = T.Object({ invoiceId: Id }, Strict);
export type InvoiceParams = Static<typeof InvoiceParams>;

export const Address = T.Object(
  {
    addressLine1: T.Optional(Str(300)),
    addressLine2: T.Optional(Str(300)),
    city: T.Optional(Str(200)),
    state: T.Optional(Str(200)),
    countryCode: T.Optional(Str(10)),
    postalCode: T.Optional(Str(30)),
  },
  Strict,
);

export const BusinessDetails = T.Object(
  {
    logoUrl: T.Optional(Str(2000)),
    name: T.Optional(Str(300)),
    phoneNo: T.Optional(Str(50)),
    address: T.Optional(Address),
    website: T.Optional(Str(2000)),
    customValues: T.Optional(T.Array(Str(1000), { maxItems: 50 })),
  },
  Strict,
);

export const ContactDetails = T.Object(
  {
    id: Id,
    name: Str(300, { minLength: 1 }),
    // Required by the official DTO; optional here because the send rules (docs/send-invoice.md §3) cover
    // a contact without an email or a phone number.
    phoneNo: T.Optional(Str(50)),
    email: T.Optional(Str(320, { format: 'email' })),
    additionalEmails: T.Optional(
      T.Array(T.Object({ email: Str(320, { format: 'email' }) }, Strict), { maxItems: 20 }),
    ),
    companyName: T.Optional(Str(300)),
    address: T.Optional(Address),
    customFields: T.Optional(T.Array(Str(1000), { maxItems: 50 })),
  },
  Strict,
);

export const ItemTax = T.Object(
  {
    _id: Id,
    name: Str(200, { minLength: 1 }),
    rate: T.Number(),
    calculation: T.Optional(T.Union([T.Literal('exclusive')])),
    description: T.Optional(Str(1000)),
    taxId: T.Optional(Str(100)),
  },
  Strict,
);

export const InvoiceItemInput = T.Object(
  {
    name: Str(500, { minLength: 1 }),
    description: T.Optional(Str(5000)),
    productId: T.Optional(Str(100)),
    priceId: T.Optional(Str(100)),
    currency: Str(3, { minLength: 3 }),
    amount: T.Number(),
    qty: T.Number({ maximum: 1_000_000 }),
    taxes: T.Optional(T.Array(ItemTax, { maxItems: 10 })),
    automaticTaxCategoryId: T.Optional(Str(100)),
    isSetupFeeItem: T.Optional(T.Boolean()),
    type: T.Optional(T.Union([T.Literal('one_time'), T.Literal('recurring')])),
    taxInclusive: T.Optional(T.Boolean()),
  },
  Strict,
);

export const Discount = T.Object(
  {
    value: T.Optional(T.Number()),
    type: T.Union([T.Literal('percentage'), T.Literal('fixed')]),
    validOnProductIds: T.Optional(T.Array(Str(100), { maxItems: 500 })),
  },
  Strict,
);

const EmailList = T.Array(Str(320, { format: 'email' }), { maxItems: 50 });
/** Copies of each send: README "Limits". */
export const MAX_COPY_ADDRESSES = 10;
const CopyList = T.Array(Str(320, { format: 'email' }), { maxItems: MAX_COPY_ADDRESSES });
export const SentTo = T.Object(
  {
    email: EmailList,
    emailCc: T.Optional(CopyList),
    emailBcc: T.Optional(CopyList),
    phoneNo: T.Optional(T.Array(Str(50), { maxItems: 10 })),
  },
  Strict,
);

const Day = Str(10, { format: 'date' });
const InvoiceNumberInput = Str(15, { pattern: '^[0-9]{1,15}$' });

/**
 * PaymentScheduleDto. The official DTO types `schedules` as strings (as it does `invoiceItems`); entries
 * are objects here: `value` in major units (fixed) or a percentage of the total (docs/payments.md).
 */
export const PaymentScheduleInput = T.Object(
  {
    type: T.Union([T.Literal('fixed'), T.Literal('percentage')]),
    schedules: T.Array(
      T.Object(
        { name: T.Optional(Str(200)), value: T.Number(), dueDate: Str(10, { format: 'date' }) },
        Strict,
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  Strict,
);

/** Fields stored and echoed as given (domain/invoice.ts EchoedFields). */
const ECHOED = {
  automaticTaxesEnabled: T.Optional(T.Boolean()),
  tipsConfiguration: T.Optional(Opaque),
  paymentMethods: T.Optional(Opaque),
  attachments: T.Optional(T.Array(Opaque, { maxItems: 50 })),
  miscellaneousCharges: T.Optional(Opaque),
  remindersConfiguration: T.Optional(RemindersConfigurationInput),
};

export const CreateInvoiceBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    name: Str(500, { minLength: 1 }),
    businessDetails: BusinessDetails,
    currency: Str(3, { minLength: 3 }),
    items: T.Array(InvoiceItemInput, { minItems: 1, maxItems: 500 }),
    discount: Discount,
    termsNotes: T.Optional(Str(20_000)),
    title: T.Optional(Str(200)),
    contactDetails: ContactDetails,
    invoiceNumber: T.Optional(InvoiceNumberInput),
    issueDate: Day,
    dueDate: T.Optional(Day),
    sentTo: SentTo,
    liveMode: T.Boolean(),
    lateFeesConfiguration: T.Optional(Opaque),
    invoiceNumberPrefix: T.Optional(Str(20)),
    paymentSchedule: T.Optional(PaymentScheduleInput),
    templateId: T.Optional(
      T.String({
        minLength: 1,
        maxLength: 100,
        description:
          'Our addition: an invoice template of the location; the fields this body leaves out (items and currency, business details, discount, terms, title, late fees, payment methods, tips, attachments) come from it.',
      }),
    ),
    ...ECHOED,
  },
  Strict,
);
export type CreateInvoiceBody = Static<typeof CreateInvoiceBody>;

export const UpdateInvoiceBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    name: Str(500, { minLength: 1 }),
    title: T.Optional(Str(200)),
    currency: Str(3, { minLength: 3 }),
    description: T.Optional(Str(5000)),
    businessDetails: T.Optional(BusinessDetails),
    invoiceNumber: T.Optional(InvoiceNumberInput),
    contactId: T.Optional(Str(100)),
    contactDetails: T.Optional(ContactDetails),
    termsNotes: T.Optional(Str(20_000)),
    discount: T.Optional(Discount),
    invoiceItems: T.Array(InvoiceItemInput, { minItems: 1, maxItems: 500 }),
    liveMode: T.Optional(T.Boolean()),
    issueDate: Day,
    dueDate: Day,
    xeroDetails: T.Optional(Opaque),
    invoiceNumberPrefix: T.Optional(Str(20)),
    paymentSchedule: T.Optional(PaymentScheduleInput),
    ...ECHOED,
  },
  Strict,
);
export type UpdateInvoiceBody = Static<typeof UpdateInvoiceBody>;

export const VoidInvoiceBody = AltQuery;

export const ListInvoicesQuery = T.Object(
  {
    altId: Id,
    altType: AltType,
    status: T.Optional(OneOf(INVOICE_STATUSES)),
    startAt: T.Optional(Day),
    endAt: T.Optional(Day),
    search: T.Optional(Str(200)),
    paymentMode: T.Optional(T.Union([T.Literal('default'), T.Literal('live'), T.Literal('test')])),
    contactId: T.Optional(Str(100)),
    limit: T.Integer({ minimum: 1, maximum: 100 }),
    offset: T.Integer({ minimum: 0, maximum: 1_000_000 }),
    sortField: T.Optional(T.Union([T.Literal('issueDate')])),
    sortOrder: T.Optional(T.Union([T.Literal('ascend'), T.Literal('descend')])),
  },
  Strict,
);
export type ListInvoicesQuery = Static<typeof ListInvoicesQuery>;

export const ListInvoicesResponse = T.Object({
  invoices: T.Array(InvoiceResponse),
  total: T.Number(),
});

export const GenerateNumberResponse = T.Object({ invoiceNumber: T.Number() });
