import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError, validationFailed } from '@luoshi/domain/errors';

/**
 * Text Postgres cannot store (NUL) or that is not Unicode at all (a lone UTF-16 surrogate: the
 * driver cannot encode it). Both used to reach the database and come back as a 500.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what Postgres cannot store
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Headers whose values the API stores (the rest are read, never written anywhere). */
export const STORED_HEADERS = ['idempotency-key'] as const;

const INVALID_TEXT_CODE = 'INVALID_CHARACTERS';

export function isUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/**
 * The path (`title`, `items.2.text`, `query.q`) of the first string — value or object key — that
 * holds unstorable text, or null. JSON depth is bounded by the body parser (json-body.ts).
 */
export function findUnstorableText(value: unknown, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (UNSTORABLE.test(key)) return path || 'body';
    const found = findUnstorableText((value as Record<string, unknown>)[key], keyPath);
    if (found !== null) return found;
  }
  return null;
}

/** The one refusal of unstorable text, wherever it came in (400 VALIDATION_FAILED, field-level). */
export function unstorableTextError(field: string): DomainError {
  const fields: FieldError[] = [{ field, code: INVALID_TEXT_CODE, message: `${field}：包含不允许的字符（空字符或无效的 Unicode 字符）` }];
  return validationFailed(fields);
}

/**
 * Fastify preValidation hook: every route's path parameters, query string, JSON body and stored
 * headers are checked once, before guards, pipes and services see them (multipart parts are
 * checked as they are read, in common/multipart.ts, with the same function and error).
 */
export function refuseUnstorableText(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const field =
    findUnstorableText(request.params, '') ??
    findUnstorableText(request.query, '') ??
    findUnstorableText(request.body, '') ??
    storedHeaderWithUnstorableText(request);
  done(field === null ? undefined : unstorableTextError(field || 'body'));
}

function storedHeaderWithUnstorableText(request: FastifyRequest): string | null {
  for (const name of STORED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string' && UNSTORABLE.test(value)) return name;
  }
  return null;
}
