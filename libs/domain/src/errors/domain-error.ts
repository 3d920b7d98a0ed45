import type { ErrorCode } from './error-codes';

/**
 * Errors raised by domain rules. Each has a stable machine code and a Simplified Chinese
 * message for users. `kind` says what went wrong in domain terms; the API alone maps it to an
 * HTTP status (apps/api/src/common/all-exceptions.filter.ts).
 */
export type DomainErrorKind =
  | 'invalid' // the request itself is malformed or a field is wrong
  | 'unauthenticated' // no valid session
  | 'forbidden' // the actor may not do this
  | 'not_found' // the thing does not exist (or is not visible to the actor)
  | 'conflict' // the thing changed or is in a state that refuses this (stale version, duplicate)
  | 'too_large' // an upload or body over its limit
  | 'unsupported' // a file type the system does not read
  | 'rule_violated' // well-formed, but a business rule refuses it
  | 'precondition_missing'; // the write must say which version it read

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: ErrorCode,
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
  constructor(code: ErrorCode, message: string) {
    super('rule_violated', code, message);
    this.name = 'UnreadableDocumentError';
  }
}
