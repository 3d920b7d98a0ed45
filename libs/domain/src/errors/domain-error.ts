/**
 * Errors raised by domain rules. Each has a stable machine code and a Simplified Chinese
 * message for users; the API maps `kind` to an HTTP status in one exception filter.
 */
export type DomainErrorKind =
  | 'validation' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'payload_too_large' // 413
  | 'unsupported_media_type' // 415
  | 'unprocessable' // 422
  | 'precondition_required'; // 428

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    /** Simplified Chinese, shown to users */
    message: string,
    readonly details: { fields?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The parser's refusal of a whole document (empty, binary, no measure found). */
export class UnreadableDocumentError extends DomainError {
  constructor(code: string, message: string) {
    super('unprocessable', code, message);
    this.name = 'UnreadableDocumentError';
  }
}
