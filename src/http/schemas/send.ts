/** SendInvoiceDto and SendInvoicesResponseDto (reference/highlevel/apps/invoices.json, operation send-invoice). */
import { Type as T } from '@sinclair/typebox';
import { SendInvoiceResponse } from '../../invoicing/response-schemas.ts';
import { AltType, Id, Opaque, Str } from './common.ts';

export const SendInvoiceBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    userId: Id,
    action: T.Union([
      T.Literal('sms_and_email'),
      T.Literal('send_manually'),
      T.Literal('email'),
      T.Literal('sms'),
    ]),
    liveMode: T.Boolean(),
    sentFrom: T.Optional(
      T.Object(
        { fromName: T.Optional(Str(200)), fromEmail: T.Optional(Str(320, { format: 'email' })) },
        { additionalProperties: false },
      ),
    ),
    autoPayment: T.Optional(
      T.Object(
        {
          enable: T.Boolean(),
          type: T.Optional(Str(100)),
          paymentMethodId: T.Optional(Str(200)),
          customerId: T.Optional(Str(200)),
          card: T.Optional(Opaque),
          usBankAccount: T.Optional(Opaque),
          sepaDirectDebit: T.Optional(Opaque),
          bacsDirectDebit: T.Optional(Opaque),
          becsDirectDebit: T.Optional(Opaque),
          cardId: T.Optional(Str(200)),
          provider: T.Optional(Opaque),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export { SendInvoiceResponse };
