/** Schemas of the tenancy endpoints (apps/oauth.json and the official SDK's locations and users models). */
import { Type } from '@sinclair/typebox';
import { ErrorBody, NonEmpty, StringEnum } from './common.ts';

const Optional = (maxLength = 200) => Type.Optional(Type.String({ maxLength }));
const Loose = Type.Optional(Type.Unknown());

export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody };

export const LocationTokenBody = Type.Object(
  { companyId: NonEmpty(), locationId: NonEmpty() },
  { additionalProperties: false },
);
export const LocationTokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Number(),
  scope: Type.String(),
  locationId: Type.String(),
  userId: Type.String(),
});

// CreateLocationDto; email is our addition (invoices use it as the business's address). The fields after
// timezone are listed by the official schema and accepted without effect: this service keeps no CRM
// settings and never stores third-party credentials (twilio, mailgun).
export const CreateLocationBody = Type.Object(
  {
    name: NonEmpty(),
    companyId: NonEmpty(),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    phone: Optional(50),
    address: Optional(),
    city: Optional(),
    state: Optional(),
    country: Optional(2),
    postalCode: Optional(20),
    website: Optional(500),
    timezone: Optional(100),
    prospectInfo: Loose,
    settings: Loose,
    social: Loose,
    twilio: Loose,
    mailgun: Loose,
    snapshotId: Loose,
  },
  { additionalProperties: false },
);

export const LocationShape = Type.Object({
  id: Type.String(),
  companyId: Type.String(),
  name: Type.String(),
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
  postalCode: Type.Optional(Type.String()),
  website: Type.Optional(Type.String()),
  timezone: Type.Optional(Type.String()),
});

export const LocationParams = Type.Object({ locationId: NonEmpty() });

export const CreateUserBody = Type.Object(
  {
    companyId: NonEmpty(),
    firstName: NonEmpty(),
    lastName: NonEmpty(),
    email: Type.String({ format: 'email', maxLength: 320 }),
    // Accepted for SDK compatibility and dropped: this service has no user log-in.
    password: Optional(200),
    phone: Optional(50),
    type: StringEnum(['account', 'agency']),
    role: StringEnum(['admin', 'user']),
    locationIds: Type.Array(NonEmpty(), { maxItems: 1000 }),
    permissions: Loose,
    scopes: Loose,
    scopesAssignedToOnly: Loose,
    profilePhoto: Loose,
    twilioPhone: Loose,
    platformLanguage: Loose,
  },
  { additionalProperties: false },
);

export const UserShape = Type.Object({
  id: Type.String(),
  name: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  phone: Type.Optional(Type.String()),
  roles: Type.Object({
    type: Type.String(),
    role: Type.String(),
    locationIds: Type.Array(Type.String()),
  }),
});

export const UsersQuery = Type.Object({ locationId: NonEmpty() }, { additionalProperties: false });
