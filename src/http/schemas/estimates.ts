/**
 * TypeBox schemas of estimates and estimate templates (CreateEstimatesDto, UpdateEstimateDto,
 * CreateInvoiceFromEstimateDto, EstimateTemplatesDto and their responses; reference apps/invoices.json).
 */
import { Type as T } from '@sinclair/typebox';
import { ESTIMATE_STATUSES } from '../../domain/estimate.ts';
import { AltType, Id, OneOf, Opaque, Str, Strict } from './common.ts';
import { BusinessDetails, ContactDetails, Discount, InvoiceItemInput, SentTo } from './invoice.ts';

export const EstimateParams = T.Object({ estimateId: Id }, Strict);
export const EstimateTemplateParams = T.Object({ templateId: Id }, Strict);
export const AltBody = T.Object({ altId: Id, altType: AltType }, Strict);

const Day = Str(10, { format: 'date' });

/** SendEstimateDto. */
export const SendEstimateBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    action: OneOf(['sms_and_email', 'send_manually', 'email', 'sms'] as const),
    liveMode: T.Boolean(),
    userId: Id,
    sentFrom: T.Optional(
      T.Object(
        { fromName: T.Optional(Str(200)), fromEmail: T.Optional(Str(320, { format: 'email' })) },
        Strict,
      ),
    ),
    estimateName: T.Optional(Str(500)),
  },
  Strict,
);

const EstimateCommon = {
  altId: Id,
  altType: AltType,
  name: Str(500, { minLength: 1 }),
  businessDetails: BusinessDetails,
  currency: Str(3, { minLength: 3 }),
  items: T.Array(InvoiceItemInput, { minItems: 1, maxItems: 500 }),
  liveMode: T.Optional(T.Boolean()),
  discount: Discount,
  termsNotes: T.Optional(Str(20_000)),
  title: T.Optional(Str(200)),
  contactDetails: ContactDetails,
  estimateNumber: T.Optional(T.Integer({ minimum: 1, maximum: 2_000_000_000 })),
  issueDate: T.Optional(Day),
  expiryDate: T.Optional(Day),
  sentTo: T.Optional(SentTo),
  automaticTaxesEnabled: T.Optional(T.Boolean()),
  meta: T.Optional(Opaque),
  sendEstimateDetails: T.Optional(Opaque),
  frequencySettings: T.Object({ enabled: T.Boolean(), schedule: Opaque }, { additionalProperties: true }),
  estimateNumberPrefix: T.Optional(Str(20)),
  userId: T.Optional(Id),
  attachments: T.Optional(T.Array(Opaque, { maxItems: 50 })),
  autoInvoice: T.Optional(
    T.Object({ enabled: T.Boolean(), directPayments: T.Optional(T.Boolean()) }, Strict),
  ),
  miscellaneousCharges: T.Optional(Opaque),
  paymentScheduleConfig: T.Optional(Opaque),
};

export const CreateEstimateBody = T.Object(EstimateCommon, Strict);

export const UpdateEstimateBody = T.Object(
  {
    ...EstimateCommon,
    estimateStatus: T.Optional(
      OneOf(['all', 'draft', 'sent', 'accepted', 'declined', 'invoiced', 'viewed'] as const),
    ),
  },
  Strict,
);

export const ListEstimatesQuery = T.Object(
  {
    altId: Id,
    altType: AltType,
    startAt: T.Optional(Day),
    endAt: T.Optional(Day),
    search: T.Optional(Str(200)),
    status: T.Optional(OneOf(['all', ...ESTIMATE_STATUSES] as const)),
    contactId: T.Optional(Str(100)),
    limit: T.Integer({ minimum: 1, maximum: 100 }),
    offset: T.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  Strict,
);

export const FromEstimateBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    markAsInvoiced: T.Boolean(),
    version: T.Optional(OneOf(['v1', 'v2'] as const)),
  },
  Strict,
);

export const VisitBody = T.Object({ estimateId: Id }, Strict);

const Item = T.Object({ ...InvoiceItemInput.properties, _id: T.String() });
const HistoryEntry = T.Object({
  action: T.String(),
  at: T.String(),
  by: T.String(),
  invoiceId: T.Optional(T.String()),
});

export const EstimateResponse = T.Object({
  _id: T.String(),
  altId: T.String(),
  altType: T.String(),
  companyId: T.String(),
  liveMode: T.Boolean(),
  deleted: T.Boolean(),
  name: T.String(),
  currency: T.String(),
  estimateNumber: T.Number(),
  estimateNumberPrefix: T.String(),
  estimateStatus: T.String(),
  businessDetails: T.Object(BusinessDetails.properties),
  items: T.Array(Item),
  discount: T.Object(Discount.properties),
  title: T.Optional(T.String()),
  termsNotes: T.Optional(T.String()),
  contactDetails: T.Object(ContactDetails.properties),
  issueDate: T.String(),
  expiryDate: T.String(),
  sentTo: T.Object(SentTo.properties),
  automaticTaxesEnabled: T.Boolean(),
  automaticTaxesCalculated: T.Boolean(),
  meta: Opaque,
  sendEstimateDetails: T.Optional(Opaque),
  frequencySettings: Opaque,
  attachments: T.Optional(T.Array(Opaque)),
  autoInvoice: T.Optional(Opaque),
  miscellaneousCharges: T.Optional(Opaque),
  paymentScheduleConfig: T.Optional(Opaque),
  updatedBy: T.Optional(T.String()),
  sentBy: T.Optional(T.String()),
  estimateActionHistory: T.Array(HistoryEntry),
  lastVisitedAt: T.String(),
  invoiceId: T.Optional(T.String()),
  total: T.Number(),
  totalamountInUSD: T.Number(),
  createdAt: T.String(),
  updatedAt: T.String(),
  __v: T.Number(),
  traceId: T.String(),
});

export const ListEstimatesResponse = T.Object({
  estimates: T.Array(T.Omit(EstimateResponse, ['traceId'])),
  total: T.Number(),
  traceId: T.String(),
});

export const GenerateEstimateNumberResponse = T.Object({ estimateNumber: T.Number(), traceId: T.String() });

/** EstimateTemplatesDto. */
export const EstimateTemplateBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    name: Str(500, { minLength: 1 }),
    businessDetails: BusinessDetails,
    currency: Str(3, { minLength: 3 }),
    items: T.Array(InvoiceItemInput, { minItems: 1, maxItems: 500 }),
    liveMode: T.Optional(T.Boolean()),
    discount: Discount,
    termsNotes: T.Optional(Str(20_000)),
    title: T.Optional(Str(200)),
    automaticTaxesEnabled: T.Optional(T.Boolean()),
    meta: T.Optional(Opaque),
    sendEstimateDetails: T.Optional(Opaque),
    estimateNumberPrefix: T.Optional(Str(20)),
    attachments: T.Optional(T.Array(Opaque, { maxItems: 50 })),
    miscellaneousCharges: T.Optional(Opaque),
  },
  Strict,
);

export const ListEstimateTemplatesQuery = T.Object(
  {
    altId: Id,
    altType: AltType,
    search: T.Optional(Str(200)),
    limit: T.Integer({ minimum: 1, maximum: 100 }),
    offset: T.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  Strict,
);

export const PreviewQuery = T.Object({ altId: Id, altType: AltType, templateId: Id }, Strict);

export const EstimateTemplateResponse = T.Object({
  _id: T.String(),
  altId: T.String(),
  altType: T.String(),
  liveMode: T.Boolean(),
  deleted: T.Boolean(),
  name: T.String(),
  currency: T.String(),
  businessDetails: T.Object(BusinessDetails.properties),
  items: T.Array(Item),
  discount: T.Object(Discount.properties),
  title: T.Optional(T.String()),
  termsNotes: T.Optional(T.String()),
  estimateNumberPrefix: T.String(),
  attachments: T.Optional(T.Array(Opaque)),
  meta: T.Optional(Opaque),
  sendEstimateDetails: T.Optional(Opaque),
  miscellaneousCharges: T.Optional(Opaque),
  automaticTaxesEnabled: T.Boolean(),
  total: T.Number(),
  createdAt: T.String(),
  updatedAt: T.String(),
  __v: T.Number(),
  traceId: T.String(),
});

export const ListEstimateTemplatesResponse = T.Object({
  data: T.Array(T.Omit(EstimateTemplateResponse, ['traceId'])),
  totalCount: T.Number(),
  traceId: T.String(),
});
