/** Schema building blocks every resource uses. Requests are strict: unknown properties are a 422. */
import { Type as T } from '@sinclair/typebox';

export const Strict = { additionalProperties: false } as const;

export const Str = (maxLength: number, extra: object = {}) => T.String({ maxLength, ...extra });
export const NonEmpty = (maxLength = 200) => T.String({ minLength: 1, maxLength });
export const Id = NonEmpty(100);

/** Objects the API stores and echoes without acting on them (payment schedules, tips, ...). */
export const Opaque = T.Object({}, { additionalProperties: true });

/** A plain JSON-schema enum, so a wrong value yields one class-validator line rather than one per literal. */
export const StringEnum = <V extends string>(values: readonly V[]) =>
  T.Unsafe<V>({ type: 'string', enum: values });

/** A union of literals (validation lines list every allowed value, in this order). */
export const OneOf = <V extends string>(values: readonly V[]) => T.Union(values.map((v) => T.Literal(v)));

export const AltType = T.Union([T.Literal('location')]);

/** HighLevel's error body (src/errors.ts). */
export const ErrorBody = T.Object({
  statusCode: T.Number(),
  message: T.Union([T.String(), T.Array(T.String())]),
  error: T.Optional(T.String()),
});
