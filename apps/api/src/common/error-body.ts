import type { FieldError } from '@luoshi/domain/errors';

/** The one shape of every error response. `code` is stable; `message` is Simplified Chinese. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: FieldError[];
  details?: Record<string, unknown>;
  requestId?: string;
}
