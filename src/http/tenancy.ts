/**
 * The HighLevel endpoints a client needs before it can work with invoices: mint a location token from an
 * agency token, create and read locations, create and list users. Shapes follow apps/oauth.json and the
 * official SDK's locations/users models (@gohighlevel/api-client).
 */
import formbody from '@fastify/formbody';
import { type FastifyPluginAsyncTypebox, type Static, Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../errors.ts';
import { type AuthContext, assertLocationAccess } from '../tenancy/auth.ts';
import { createLocation, type Location, readLocation } from '../tenancy/locations.ts';
import { LOCATION_TOKEN_TTL_SECONDS, mintLocationToken } from '../tenancy/tokens.ts';
import { createUser, listLocationUsers } from '../tenancy/users.ts';
import { requireAuth } from './auth.ts';
import {
  CreateLocationBody,
  CreateUserBody,
  errorResponses,
  LocationParams,
  LocationShape,
  LocationTokenBody,
  LocationTokenResponse,
  UserShape,
  UsersQuery,
} from './schemas/tenancy.ts';
import './services.ts';

function locationView(row: Location): Static<typeof LocationShape> {
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

const tenancy: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
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
      const { token, userId } = await mintLocationToken(services, requireAgency(request), request.body);
      return {
        access_token: token.token,
        token_type: 'Bearer' as const,
        expires_in: LOCATION_TOKEN_TTL_SECONDS,
        scope: token.scopes.join(' '),
        locationId: request.body.locationId,
        userId,
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
      const row = await createLocation(services, {
        companyId: body.companyId,
        name: body.name,
        email: body.email ?? null,
        phone: body.phone || null,
        address,
        website: body.website || null,
        timezone: body.timezone || null,
      });
      return locationView(row);
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
      const row = await readLocation(services, requireAuth(request), request.params.locationId);
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
      for (const locationId of locationIds) await assertLocationAccess(services, auth, locationId);
      const id = await createUser(services, {
        companyId: body.companyId,
        firstName: body.firstName,
        lastName: body.lastName,
        email: body.email,
        phone: body.phone || null,
        type: body.type,
        role: body.role,
        locationIds,
      });
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
      const { locationId } = request.query;
      await assertLocationAccess(services, requireAuth(request), locationId);
      const users = await listLocationUsers(services, locationId);
      return { users: users.map(userView) };
    },
  );
};

export default tenancy;
