/** The test clock of a location (issue #12 item 9, our addition; docs/decisions.md "Test clock"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type as T } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { advanceTestClock, getTestClock, MAX_ADVANCE_SECONDS } from '../invoicing/test-clock.ts';
import type { AuthContext } from '../tenancy/auth.ts';
import { authorizeLocation } from './auth.ts';
import { AltType, Id, Strict } from './schemas/common.ts';
import { AltQuery } from './schemas/invoice.ts';
import './services.ts';

const TAGS = ['Test clock'];

const TestClockResponse = T.Object({
  altId: T.String(),
  altType: T.Literal('location'),
  liveMode: T.Literal(false),
  now: T.String({ format: 'date-time' }),
  offsetSeconds: T.Integer(),
});

const AdvanceBody = T.Object(
  {
    altId: Id,
    altType: AltType,
    seconds: T.Integer({ minimum: 1, maximum: MAX_ADVANCE_SECONDS }),
    liveMode: T.Optional(T.Boolean()),
  },
  Strict,
);

/** The clock is a location's: an agency token names no single location's test data. */
function assertLocationToken(auth: AuthContext): void {
  if (auth.kind !== 'location')
    throw new AppError(
      'forbidden',
      'The test clock takes a location token (an agency token acts for many locations).',
    );
}

const testClock: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;

  app.get(
    '/test-clock',
    {
      schema: {
        tags: TAGS,
        summary: "A location's test-mode time",
        querystring: AltQuery,
        response: { 200: TestClockResponse },
      },
      config: { scope: 'invoices.readonly' },
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.query.altId);
      assertLocationToken(auth);
      return getTestClock(services, request.query.altId);
    },
  );

  app.post(
    '/test-clock/advance',
    {
      schema: {
        tags: TAGS,
        summary: "Move a location's test-mode time forward",
        body: AdvanceBody,
        response: { 200: TestClockResponse },
      },
      config: { scope: 'invoices.write' },
    },
    async (request) => {
      const auth = await authorizeLocation(services, request, request.body.altId);
      assertLocationToken(auth);
      return advanceTestClock(services, request.body.altId, request.body);
    },
  );
};

export default testClock;
