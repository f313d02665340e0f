/**
 * The responses the invoicing use cases produce as JSON text (invoice-view.ts, send-invoice.ts), with the
 * same schemas the routes declare, so both are the same bytes: GetInvoiceResponseDto as this service
 * returns it, and SendInvoicesResponseDto. They list every field we return, so nothing else can leak.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { INVOICE_STATUSES } from '../domain/invoice-status.ts';

const Nullable = <S extends ReturnType<typeof T.String>>(s: S) => T.Union([s, T.Null()]);

export const InvoiceItemResponse = T.Object({
  _id: T.String(),
  name: T.String(),
  description: T.Optional(T.String()),
  productId: T.Optional(T.String()),
  priceId: T.Optional(T.String()),
  currency: T.String(),
  amount: T.Number(),
  qty: T.Number(),
  taxes: T.Array(T.Object({}, { additionalProperties: true })),
  type: T.Optional(T.String()),
  taxInclusive: T.Boolean(),
  automaticTaxCategoryId: T.Optional(T.String()),
  isSetupFeeItem: T.Optional(T.Boolean()),
});

export const InvoiceResponse = T.Object({
  _id: T.String(),
  status: T.Union(INVOICE_STATUSES.map((s) => T.Literal(s))),
  liveMode: T.Boolean(),
  amountPaid: T.Number(),
  altId: T.String(),
  altType: T.Literal('location'),
  companyId: T.String(),
  name: T.String(),
  title: T.String(),
  businessDetails: T.Object({}, { additionalProperties: true }),
  invoiceNumber: T.Number(),
  invoiceNumberPrefix: T.String(),
  currency: T.String(),
  contactDetails: T.Object({}, { additionalProperties: true }),
  sentTo: T.Object({}, { additionalProperties: true }),
  issueDate: T.String(),
  dueDate: T.String(),
  discount: T.Object({}, { additionalProperties: true }),
  invoiceItems: T.Array(InvoiceItemResponse),
  termsNotes: T.Optional(T.String()),
  total: T.Number(),
  amountDue: T.Number(),
  totalSummary: T.Object({
    subTotal: T.Number(),
    discount: T.Number(),
    tax: T.Number(),
    lateFees: T.Optional(
      T.Number({ description: 'Our addition: the late fees charged, part of total; absent when none' }),
    ),
  }),
  sentAt: T.Optional(Nullable(T.String())),
  voidedAt: T.Optional(Nullable(T.String())),
  createdAt: T.String(),
  updatedAt: T.String(),
  automaticTaxesEnabled: T.Optional(T.Boolean()),
  automaticTaxesCalculated: T.Optional(T.Boolean()),
  // Entries as toInvoiceView builds them (fixed key order); a schedule echoed before #10 as it was sent.
  paymentSchedule: T.Optional(
    T.Object(
      { type: T.Optional(T.String()), schedules: T.Optional(T.Array(T.Unknown())) },
      { additionalProperties: true },
    ),
  ),
  tipsConfiguration: T.Optional(T.Object({}, { additionalProperties: true })),
  lateFeesConfiguration: T.Optional(T.Object({}, { additionalProperties: true })),
  remindersConfiguration: T.Optional(T.Object({}, { additionalProperties: true })),
  paymentMethods: T.Optional(T.Object({}, { additionalProperties: true })),
  attachments: T.Optional(T.Array(T.Object({}, { additionalProperties: true }))),
  miscellaneousCharges: T.Optional(T.Object({}, { additionalProperties: true })),
  xeroDetails: T.Optional(T.Object({}, { additionalProperties: true })),
  description: T.Optional(T.String()),
});
export type InvoiceResponse = Static<typeof InvoiceResponse>;

/** domain/send.ts ChannelReport. */
export const ChannelData = T.Object({
  status: T.Union([T.Literal('queued'), T.Literal('skipped'), T.Literal('not_requested')]),
  recipient: T.Optional(T.String()),
  messageId: T.Optional(T.String()),
  deliveryId: T.Optional(T.String()),
  transport: T.Optional(T.String()),
  reason: T.Optional(T.String()),
});

export const SendInvoiceResponse = T.Object({
  invoice: InvoiceResponse,
  emailData: ChannelData,
  smsData: ChannelData,
});
