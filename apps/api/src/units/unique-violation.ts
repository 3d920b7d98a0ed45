import { QueryFailedError } from 'typeorm';

/**
 * True when a Postgres unique index refused the write (SQLSTATE 23505), optionally only for the
 * named index. Inserting and catching this is race-free, unlike checking first.
 * (Small and generic; a candidate for common/ once another feature needs it.)
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}
