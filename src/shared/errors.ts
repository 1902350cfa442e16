/**
 * The error catalogue: every error a client can see has a stable code and an HTTP status.
 * Anything thrown that is not an AppError is a bug and reaches clients only as `internal_error`.
 */

export interface ErrorDetail {
  /** JSON pointer (`/modulText/0/inhalt`) or parameter name (`query.limit`), or an XML path. */
  path: string;
  message: string;
  /** The JSON Schema keyword that failed (`required`, `pattern`, `maxLength` …), for messages in other words and languages. */
  rule?: string;
  params?: Record<string, unknown>;
  line?: number;
  column?: number;
}

export const ERROR_CODES = {
  malformed_json: 400,
  bad_request: 400,
  invalid_parameter: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  duplicate: 409,
  conflict: 409,
  referenced: 409,
  invalid_transition: 409,
  draft_outdated: 409,
  precondition_failed: 412,
  body_too_large: 413,
  xml_malformed: 400,
  xml_doctype_forbidden: 400,
  xml_too_deep: 400,
  xml_tag_too_large: 400,
  xml_not_utf8: 400,
  xzufi_namespace: 422,
  xzufi_version: 422,
  xzufi_schema_invalid: 422,
  unsupported_media_type: 415,
  validation_failed: 422,
  quality_gate_failed: 422,
  precondition_required: 428,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;
  /**
   * `extra`: more for the client beside code, message and details (e.g. the comparison of a draft
   * with the live version it would overwrite).
   */
  constructor(readonly code: ErrorCode, message: string, readonly details: ErrorDetail[] = [], readonly extra?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

export const notFound = (what: string, id: string) => new AppError('not_found', `${what} ${id} not found`);

export function validationFailed(details: ErrorDetail[], message = 'The request violates the schema or a domain rule'): AppError {
  return new AppError('validation_failed', message, details);
}
