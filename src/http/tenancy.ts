/**
 * The HighLevel endpoints a client needs before it can work with invoices: mint a location token from an
 * agency token, create and read locations, create and list users. Shapes follow apps/oauth.json and the
 * official SDK's locations/users models (@gohighlevel/api-client).
 */
import formbody from '@fastify/formbody';
import { type FastifyPluginAsyncTypebox, type Static, Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AGENCY_ONLY_SCOPES } from '../domain/scopes.ts';
import { Errors } from '../errors.ts';
import type { LocationRow } from '../store/schema.ts';
import { createLocation, createToken, createUser, getLocation, listLocationUsers } from '../store/tenants.ts';
import { type AuthContext, assertLocationAccess, requireAuth } from './auth.ts';

/** HighLevel's location tokens live for a day less one second (oauth.json example). */
const LOCATION_TOKEN_TTL_SECONDS = 86399;

const NonEmpty = (maxLength = 200) => Type.String({ minLength: 1, maxLength });
const Optional = (maxLength = 200) => Type.Optional(Type.String({ maxLength }));
const Loose = Type.Optional(Type.Unknown());
// A plain enum, so a wrong value yields one class-validator line rather than one per literal.
const StringEnum = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: values });

const ErrorBody = Type.Object({
  statusCode: Type.Number(),
  message: Type.Union([Type.String(), Type.Array(Type.String())]),
  error: Type.Optional(Type.String()),
});
const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody };

const LocationTokenBody = Type.Object(
  { companyId: NonEmpty(), locationId: NonEmpty() },
  { additionalProperties: false },
);
const LocationTokenResponse = Type.Object({
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
const CreateLocationBody = Type.Object(
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

const LocationShape = Type.Object({
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

const LocationParams = Type.Object({ locationId: NonEmpty() });

const CreateUserBody = Type.Object(
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

const UserShape = Type.Object({
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

const UsersQuery = Type.Object({ locationId: NonEmpty() }, { additionalProperties: false });

function locationView(row: LocationRow): Static<typeof LocationShape> {
  const address = row.address ?? {};
  const pick = (value: string | null | undefined) => (value === null || value === '' ? undefined : value);
  return {
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    email: pick(row.email),
    phone: pick(row.phone),
    address: pick(address.address),
    city: pick(address.city),
    state: pick(address.state),
    country: pick(address.country),
    postalCode: pick(address.postalCode),
    website: pick(row.website),
    timezone: pick(row.timezone),
  };
}

function userView(user: {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  type: string;
  role: string;
  locationIds: string[];
}): Static<typeof UserShape> {
  return {
    id: user.id,
    name: `${user.first_name} ${user.last_name}`,
    firstName: user.first_name,
    lastName: user.last_name,
    email: user.email,
    phone: user.phone ?? undefined,
    roles: { type: user.type, role: user.role, locationIds: user.locationIds },
  };
}

function requireAgency(request: FastifyRequest): AuthContext {
  const auth = requireAuth(request);
  if (auth.kind !== 'agency') throw Errors.agencyTokenRequired();
  return auth;
}

function assertOwnCompany(auth: AuthContext, companyId: string): void {
  if (auth.companyId !== companyId) throw Errors.companyForbidden();
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

const tenancy: FastifyPluginAsyncTypebox = async (app) => {
  // Scoped to this plugin: the SDK posts /oauth/locationToken as a form; everything else stays JSON-only.
  await app.register(formbody);

  app.post(
    '/oauth/locationToken',
    {
      config: { scope: 'oauth.write' },
      schema: {
        tags: ['OAuth 2.0'],
        summary: 'Get Location Access Token from Agency Token',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: LocationTokenBody,
        response: { 200: LocationTokenResponse, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireAgency(request);
      const { companyId, locationId } = request.body;
      // oauth.json documents only 400/401/422 for this operation, so a foreign company or location is a 400.
      if (companyId !== auth.companyId) throw Errors.badRequest('companyId does not match the token');
      const location = await getLocation(app.store.db, locationId);
      if (!location || location.company_id !== auth.companyId) {
        throw Errors.badRequest('Location not found in this company');
      }
      // The new token never holds more than the agency token it was minted from.
      const scopes = auth.scopes.filter((s) => !(AGENCY_ONLY_SCOPES as readonly string[]).includes(s));
      const token = await createToken(app.store.db, {
        kind: 'location',
        companyId,
        locationId,
        scopes,
        expiresIn: LOCATION_TOKEN_TTL_SECONDS,
        label: 'oauth/locationToken',
      });
      const user = await app.store.db
        .selectFrom('users')
        .leftJoin('user_locations as ul', (join) =>
          join.onRef('ul.user_id', '=', 'users.id').on('ul.location_id', '=', locationId),
        )
        .select('users.id')
        .where('users.company_id', '=', companyId)
        // A user of this location first, else any user of the company.
        .orderBy((eb) => eb('ul.location_id', 'is', null))
        .orderBy('users.created_at')
        .orderBy('users.id')
        .executeTakeFirst();
      return {
        access_token: token.token,
        token_type: 'Bearer' as const,
        expires_in: LOCATION_TOKEN_TTL_SECONDS,
        scope: token.scopes.join(' '),
        locationId,
        userId: user?.id ?? '',
      };
    },
  );

  app.post(
    '/locations/',
    {
      config: { scope: 'locations.write' },
      schema: {
        tags: ['Sub-Account (Formerly Location)'],
        summary: 'Create Sub-Account (Formerly Location)',
        body: CreateLocationBody,
        response: { 200: LocationShape, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireAgency(request);
      const body = request.body;
      assertOwnCompany(auth, body.companyId);
      const address: Record<string, string> = {};
      for (const key of ['address', 'city', 'state', 'country', 'postalCode'] as const) {
        const value = body[key];
        if (value !== undefined && value !== '') address[key] = value;
      }
      const id = await createLocation(app.store.db, {
        companyId: body.companyId,
        name: body.name,
        email: body.email ?? null,
        phone: body.phone || null,
        address,
        website: body.website || null,
        timezone: body.timezone || null,
      });
      const row = await getLocation(app.store.db, id);
      return locationView(row!);
    },
  );

  app.get(
    '/locations/:locationId',
    {
      config: { scope: 'locations.readonly' },
      schema: {
        tags: ['Sub-Account (Formerly Location)'],
        summary: 'Get Sub-Account (Formerly Location)',
        params: LocationParams,
        response: { 200: Type.Object({ location: LocationShape }), ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { locationId } = request.params;
      // Spec row 6: a location outside the token's reach is a 403 whether or not it exists.
      await assertLocationAccess(app.store, auth, locationId);
      const row = await getLocation(app.store.db, locationId);
      if (!row) throw Errors.locationForbidden();
      return { location: locationView(row) };
    },
  );

  app.post(
    '/users/',
    {
      config: { scope: 'users.write' },
      schema: {
        tags: ['Users'],
        summary: 'Create User',
        body: CreateUserBody,
        response: { 200: UserShape, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const body = request.body;
      assertOwnCompany(auth, body.companyId);
      const locationIds = [...new Set(body.locationIds)];
      // A sub-account token manages its own sub-account's users only, never agency-wide ones.
      if (auth.kind === 'location' && (body.type === 'agency' || locationIds.length === 0)) {
        throw Errors.locationForbidden();
      }
      for (const locationId of locationIds) await assertLocationAccess(app.store, auth, locationId);
      let id: string;
      try {
        id = await createUser(app.store.db, {
          companyId: body.companyId,
          firstName: body.firstName,
          lastName: body.lastName,
          email: body.email,
          phone: body.phone || null,
          type: body.type,
          role: body.role,
          locationIds,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw Errors.badRequest('A user with this email already exists');
        throw err;
      }
      return userView({
        id,
        first_name: body.firstName,
        last_name: body.lastName,
        email: body.email,
        phone: body.phone || null,
        type: body.type,
        role: body.role,
        locationIds: [...locationIds].sort(),
      });
    },
  );

  app.get(
    '/users/',
    {
      config: { scope: 'users.readonly' },
      schema: {
        tags: ['Users'],
        summary: 'Get User by Location',
        querystring: UsersQuery,
        response: { 200: Type.Object({ users: Type.Array(UserShape) }), ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { locationId } = request.query;
      await assertLocationAccess(app.store, auth, locationId);
      const users = await listLocationUsers(app.store.db, locationId);
      return { users: users.map(userView) };
    },
  );
};

export default tenancy;
