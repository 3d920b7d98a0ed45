import type { FieldError } from '@luoshi/domain/errors';
import type { Role } from '../auth/auth.decorators';

/** A bureau user belongs to exactly one unit; office and leader users to none. */
export function unitBindingError(role: Role, unitId: string | null | undefined): FieldError | null {
  if (role === 'bureau' && !unitId) {
    return { field: 'unitId', code: 'UNIT_REQUIRED', message: 'unitId：承办单位账号必须绑定单位' };
  }
  if (role !== 'bureau' && unitId) {
    return { field: 'unitId', code: 'UNIT_NOT_ALLOWED', message: 'unitId：只有承办单位账号可以绑定单位' };
  }
  return null;
}
