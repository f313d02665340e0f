/**
 * TypeBox schemas of invoice templates (CreateInvoiceTemplateDto, UpdateInvoiceTemplateDto, the two
 * configuration PATCHes, GetTemplateResponseDto, ListTemplatesResponseDto; reference apps/invoices.json).
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { AltType, Id, Opaque, Str, Strict } from './common.ts';
import { BusinessDetails, Discount, InvoiceItemInput } from './invoice.ts';

export const TemplateParams = T.Object({ templateId: Id }, Strict);

/** LateFeesConfigurationDto. */
export const LateFeesConfiguration = T.Object(
  {
    enable: T.Boolean(),
    value: T.Number({ minimum: 0 }),
    type: T.Union([T.Literal('fixed'), T.Literal('percentage')]),
    frequency: T.Object(
      {
        intervalCount: T.Number({ minimum: 0 }),
        interval: T.Union(['minute', 'hour', 'day', 'week', 'month', 'one_time'].map((v) => T.Literal(v))),
      },
      Strict,
    ),
    grace: T.Optional(
      T.Object({ intervalCount: T.Number({ minimum: 0 }), interval: T.Union([T.Literal('day')]) }, Strict),
    ),
    maxLateFees: T.Optional(
      T.Object({ type: T.Union([T.Literal('fixed')]), value: T.Number({ minimum: 0 }) }, Strict),
    ),
  },
  Strict,
);

/** PaymentMethodDto. */
export const PaymentMethods = T.Object(
  { stripe: T.Object({ enableBankDebitOnly: T.Boolean() }, Strict) },
  Strict,
);

const TemplateCommon = {
  altId: Id,
  altType: AltType,
  internal: T.Optional(T.Boolean()),
  name: Str(500, { minLength: 1 }),
  businessDetails: BusinessDetails,
  currency: Str(3, { minLength: 3 }),
  items: T.Array(InvoiceItemInput, { minItems: 1, maxItems: 500 }),
  discount: T.Optional(Discount),
  termsNotes: T.Optional(Str(20_000)),
  title: T.Optional(Str(200)),
  miscellaneousCharges: T.Optional(Opaque),
};

export const CreateTemplateBody = T.Object(
  {
    ...TemplateCommon,
    automaticTaxesEnabled: T.Optional(T.Boolean()),
    tipsConfiguration: T.Optional(Opaque),
    lateFeesConfiguration: T.Optional(LateFeesConfiguration),
    invoiceNumberPrefix: T.Optional(Str(20)),
    paymentMethods: T.Optional(PaymentMethods),
    attachments: T.Optional(T.Array(Opaque, { maxItems: 50 })),
  },
  Strict,
);
export type CreateTemplateBody = Static<typeof CreateTemplateBody>;

export const UpdateTemplateBody = T.Object(TemplateCommon, Strict);

/** UpdateInvoiceLateFeesConfigurationDto: the same body for an invoice and a template. */
export const LateFeesBody = T.Object(
  { altId: Id, altType: AltType, lateFeesConfiguration: LateFeesConfiguration },
  Strict,
);

export const TemplatePaymentMethodsBody = T.Object(
  { altId: Id, altType: AltType, paymentMethods: T.Optional(PaymentMethods) },
  Strict,
);

export const ListTemplatesQuery = T.Object(
  {
    altId: Id,
    altType: AltType,
    // Templates have no status or payment mode: both are accepted, as HighLevel's list takes them, and match every template.
    status: T.Optional(Str(50)),
    startAt: T.Optional(Str(10, { format: 'date' })),
    endAt: T.Optional(Str(10, { format: 'date' })),
    search: T.Optional(Str(200)),
    paymentMode: T.Optional(T.Union([T.Literal('default'), T.Literal('live'), T.Literal('test')])),
    limit: T.Integer({ minimum: 1, maximum: 100 }),
    offset: T.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  Strict,
);

const TemplateItem = T.Object({ ...InvoiceItemInput.properties, _id: T.String() });

export const TemplateResponse = T.Object({
  _id: T.String(),
  altId: T.String(),
  altType: T.String(),
  name: T.String(),
  internal: T.Optional(T.Boolean()),
  businessDetails: T.Object(BusinessDetails.properties),
  currency: T.String(),
  discount: T.Object(Discount.properties),
  items: T.Array(TemplateItem),
  termsNotes: T.Optional(T.String()),
  title: T.Optional(T.String()),
  automaticTaxesEnabled: T.Optional(T.Boolean()),
  invoiceNumberPrefix: T.String(),
  tipsConfiguration: T.Optional(Opaque),
  lateFeesConfiguration: T.Optional(Opaque),
  paymentMethods: T.Optional(Opaque),
  attachments: T.Optional(T.Array(Opaque)),
  miscellaneousCharges: T.Optional(Opaque),
  total: T.Number(),
  createdAt: T.String(),
  updatedAt: T.String(),
});

export const ListTemplatesResponse = T.Object({ data: T.Array(TemplateResponse), totalCount: T.Number() });

export const DeleteTemplateResponse = T.Object({ success: T.Boolean() });
