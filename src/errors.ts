/**
 * One error type for everything the service refuses on purpose, and one map from its kind to the
 * HTTP status and the HighLevel (NestJS-style) body. Nothing else in the code base picks a status.
 */
export type ErrorKind =
  | 'bad_request'
  | 'malformed_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'too_many_requests'
  | 'unavailable';

const STATUS: Record<ErrorKind, { statusCode: number; error?: string }> = {
  bad_request: { statusCode: 400, error: 'Bad Request' },
  // The seed's own example for a body that is not JSON carries no "error" field.
  malformed_json: { statusCode: 400 },
  unauthorized: { statusCode: 401, error: 'Unauthorized' },
  forbidden: { statusCode: 403, error: 'Forbidden' },
  not_found: { statusCode: 404, error: 'Not Found' },
  payload_too_large: { statusCode: 413, error: 'Payload Too Large' },
  unsupported_media_type: { statusCode: 415, error: 'Unsupported Media Type' },
  unprocessable: { statusCode: 422, error: 'Unprocessable Entity' },
  too_many_requests: { statusCode: 429, error: 'Too Many Requests' },
  // A payment provider that is not configured or did not answer: nothing was changed.
  unavailable: { statusCode: 503, error: 'Service Unavailable' },
};

export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly kind: ErrorKind;
  readonly messages: string | string[];

  constructor(kind: ErrorKind, message: string | string[]) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.kind = kind;
    this.messages = kind === 'unprocessable' && !Array.isArray(message) ? [message] : message;
  }

  get statusCode(): number {
    return STATUS[this.kind].statusCode;
  }

  toBody(): ErrorBody {
    const { statusCode, error } = STATUS[this.kind];
    // Key order matters: clients compare bodies byte for byte.
    return error === undefined
      ? { statusCode, message: this.messages }
      : { statusCode, message: this.messages, error };
  }
}

export const Errors = {
  versionMissing: () => new AppError('unauthorized', 'version header was not found.'),
  versionInvalid: () => new AppError('unauthorized', 'version header is invalid'),
  tokenInvalid: () => new AppError('unauthorized', 'Invalid token: access token is invalid'),
  scopeMissing: () => new AppError('unauthorized', 'The token is not authorized for this scope.'),
  locationForbidden: () => new AppError('forbidden', 'The token does not have access to this location.'),
  companyForbidden: () => new AppError('forbidden', 'The token does not have access to this company.'),
  /** Routes HighLevel reserves for agency (company) tokens, called with a location token. */
  agencyTokenRequired: () => new AppError('unauthorized', 'This route requires an agency access token.'),
  invoiceNotFound: () => new AppError('not_found', 'Invoice not found'),
  malformedJson: () => new AppError('malformed_json', 'Bad Request'),
  badRequest: (message: string) => new AppError('bad_request', message),
  notFound: (message: string) => new AppError('not_found', message),
  unprocessable: (messages: string | string[]) => new AppError('unprocessable', messages),
};
