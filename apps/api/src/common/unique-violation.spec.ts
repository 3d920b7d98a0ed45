import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './unique-violation';

function pgError(code: string, constraint?: string): DatabaseError {
  const err = new DatabaseError('duplicate key value violates unique constraint', 0, 'error');
  err.code = code;
  err.constraint = constraint;
  return err;
}

describe('isUniqueViolation', () => {
  it('recognises 23505 from the driver and through TypeORM, optionally for one index', () => {
    expect(isUniqueViolation(pgError('23505', 'uq_a'))).toBe(true);
    expect(isUniqueViolation(new QueryFailedError('INSERT', [], pgError('23505', 'uq_a')), 'uq_a')).toBe(true);
    expect(isUniqueViolation(pgError('23505', 'uq_a'), 'uq_b')).toBe(false);
  });

  it('is false for other errors', () => {
    expect(isUniqueViolation(pgError('23503', 'fk_a'))).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation({ code: '23505' })).toBe(false);
  });
});
