import AjvModule, { type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Bodies are checked strictly (no type coercion, unknown properties rejected, every problem reported);
 * query strings and path params arrive as strings, so they are coerced to the declared types.
 */
// ajv and ajv-formats are CommonJS with a default export; under NodeNext it sits one level down.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

function makeAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
const queryAjv = makeAjv('array');

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

function joinPath(instancePath: string, property?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (property !== undefined) parts.push(property);
  return parts.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/** One line per problem, in the class-validator wording HighLevel's API uses. */
function describeValidationError(error: ErrorObject, part: string): string {
  const path = joinPath(error.instancePath);
  const subject = path === '' ? (part === 'body' ? 'request body' : part) : path;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${joinPath(error.instancePath, String(p.missingProperty))} should not be empty`;
    case 'additionalProperties':
      return `property ${joinPath(error.instancePath, String(p.additionalProperty))} should not exist`;
    case 'type': {
      const type = String(p.type);
      if (path === '' && type === 'object') return `${subject} must be a JSON object`;
      if (type === 'string') return `${subject} must be a string`;
      if (type === 'boolean') return `${subject} must be a boolean value`;
      if (type === 'number') return `${subject} must be a number conforming to the specified constraints`;
      if (type === 'integer') return `${subject} must be an integer number`;
      if (type === 'array') return `${subject} must be an array`;
      if (type === 'object') return `${subject} must be an object`;
      return `${subject} must be of type ${type}`;
    }
    case 'enum':
      return `${subject} must be one of the following values: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'minLength':
      return Number(p.limit) === 1
        ? `${subject} should not be empty`
        : `${subject} must be longer than or equal to ${p.limit} characters`;
    case 'maxLength':
      return `${subject} must be shorter than or equal to ${p.limit} characters`;
    case 'minItems':
      return `${subject} must contain at least ${p.limit} elements`;
    case 'maxItems':
      return `${subject} must contain no more than ${p.limit} elements`;
    case 'minimum':
      return `${subject} must not be less than ${p.limit}`;
    case 'exclusiveMinimum':
      return `${subject} must be greater than ${p.limit}`;
    case 'maximum':
      return `${subject} must not be greater than ${p.limit}`;
    case 'exclusiveMaximum':
      return `${subject} must be less than ${p.limit}`;
    case 'pattern':
      return `${subject} must match ${p.pattern} regular expression`;
    case 'format':
      if (p.format === 'email') return `${subject} must be an email`;
      if (p.format === 'date') return `${subject} must be a valid ISO 8601 date string`;
      if (p.format === 'date-time') return `${subject} must be a valid ISO 8601 date string`;
      return `${subject} must be a valid ${p.format}`;
    default:
      return `${subject} ${error.message ?? 'is invalid'}`;
  }
}

export function describeValidationErrors(errors: ErrorObject[], part: string): string[] {
  const lines: string[] = [];
  // A union of literals fails once per literal; class-validator names them all in one line.
  const allowedByPath = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword !== 'const') continue;
    const allowed = allowedByPath.get(e.instancePath) ?? [];
    allowed.push((e.params as { allowedValue: unknown }).allowedValue);
    allowedByPath.set(e.instancePath, allowed);
  }
  for (const e of errors) {
    // anyOf/oneOf wrappers repeat what their branches already said.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const line =
      e.keyword === 'const'
        ? describeValidationError(
            { ...e, keyword: 'enum', params: { allowedValues: allowedByPath.get(e.instancePath) } },
            part,
          )
        : describeValidationError(e, part);
    if (!lines.includes(line)) lines.push(line);
  }
  return lines.length > 0 ? lines : [`${part} is invalid`];
}
