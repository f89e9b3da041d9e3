/**
 * The one error taxonomy: Manta's REST codes and their HTTP statuses.
 *
 * Every failure that reaches a client is a MantaError whose `code` is one of
 * these names; `workers/middleware/on-error.ts` is the only place that turns
 * one into a response body. The status table is a Record over the union, so the
 * compiler refuses a code without a status.
 */
export const STATUS = {
  AccountDoesNotExist: 403,
  AuthorizationFailed: 403,
  AuthorizationRequired: 401,
  AuthorizationSchemeNotAllowed: 403,
  BadRequest: 400,
  ConcurrentRequest: 409,
  ContentLengthRequired: 411,
  ContentMD5Mismatch: 400,
  DirectoryDoesNotExist: 404,
  DirectoryLimitExceeded: 409,
  DirectoryNotEmpty: 400,
  ExpectationFailed: 417,
  EntityAlreadyExists: 409,
  ExpectedUpgrade: 400,
  InternalError: 500,
  InvalidAlgorithm: 401,
  InvalidArgument: 400,
  InvalidDurabilityLevel: 400,
  InvalidHeader: 400,
  InvalidJob: 400,
  InvalidJobState: 409,
  InvalidKeyId: 403,
  InvalidLink: 400,
  InvalidMaxContentLength: 400,
  InvalidMultipartUploadState: 409,
  InvalidParameter: 400,
  InvalidQueryStringAuthentication: 403,
  InvalidResource: 400,
  InvalidSignature: 403,
  InvalidUpdate: 400,
  KeyDoesNotExist: 403,
  LinkNotObject: 400,
  LocationRequired: 400,
  MaxContentLengthExceeded: 413,
  MethodNotAllowed: 405,
  MultipartUploadInvalidArgument: 409,
  NotAcceptable: 406,
  NotEnoughSpace: 507,
  NotImplemented: 501,
  OperationNotAllowedOnDirectory: 400,
  OperationNotAllowedOnRootDirectory: 400,
  ParentNotDirectory: 400,
  PreconditionFailed: 412,
  QueryParameterForbidden: 403,
  RequestHeaderFieldsTooLarge: 431,
  RequestedRangeNotSatisfiable: 416,
  RequestTimeout: 408,
  // SPEC §3: a skewed clock or stale Date is an authentication failure (403), not muskie's 400.
  RequestExpired: 403,
  ResourceNotFound: 404,
  SecureTransportRequired: 403,
  ServiceUnavailable: 503,
  SourceObjectNotFound: 404,
  UploadAbandoned: 499,
  UploadTimeout: 408,
} as const satisfies Record<string, number>;

export type MantaCode = keyof typeof STATUS;

export class MantaError extends Error {
  readonly code: MantaCode;
  readonly status: number;
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Record<string, string>;
  constructor(code: MantaCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = `${code}Error`;
    this.code = code;
    this.status = STATUS[code];
    this.headers = headers;
  }
  toJSON(): { code: MantaCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** What crosses a Durable Object stub: thrown errors lose their fields over RPC. */
export type Failure = { ok: false; code: MantaCode; message: string };
export type Result<T> = ({ ok: true } & T) | Failure;

export function fail(code: MantaCode, message: string): Failure {
  return { ok: false, code, message };
}

export function isMantaCode(value: unknown): value is MantaCode {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(STATUS, value);
}

/** Turn a Failure that came back over RPC into the taxonomy error again. */
export function raise(failure: Failure): never {
  throw new MantaError(failure.code, failure.message);
}

/** Unwrap an RPC result, raising its failure. */
export function unwrap<R extends { ok: boolean }>(result: R): Extract<R, { ok: true }> {
  if (!result.ok) raise(result as unknown as Failure);
  return result as Extract<R, { ok: true }>;
}

/**
 * The one converter from thrown taxonomy errors to results, for RPC methods: a
 * MantaError thrown inside `fn` comes back as its Failure; anything else still throws.
 */
export function attempt<T extends object>(fn: () => T): Result<T> {
  try {
    return { ok: true, ...fn() };
  } catch (err) {
    if (err instanceof MantaError) return fail(err.code, err.message);
    throw err;
  }
}

/** Anything thrown becomes a MantaError; unknown errors are InternalError and never echoed. */
export function toMantaError(err: unknown): MantaError {
  if (err instanceof MantaError) return err;
  if (err && typeof err === "object" && isMantaCode((err as { code?: unknown }).code)) {
    const e = err as { code: MantaCode; message?: unknown };
    return new MantaError(e.code, typeof e.message === "string" ? e.message : e.code);
  }
  return new MantaError("InternalError", "internal error");
}
