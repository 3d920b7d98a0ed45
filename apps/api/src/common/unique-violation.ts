import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';

/**
 * True when a Postgres unique index refused the write (SQLSTATE 23505), optionally only for the
 * named index. Inserting and catching this is race-free, unlike checking first. Accepts both
 * TypeORM's wrapper and the driver's own error (prepared statements run on the pg client).
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const driverError = err instanceof QueryFailedError ? (err.driverError as unknown) : err;
  if (!(driverError instanceof DatabaseError)) return false;
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}
