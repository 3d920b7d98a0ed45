import type { AuthUser, Role } from './auth.decorators';

export const ALL_ROLES: readonly Role[] = ['office', 'bureau', 'leader'];

/** Roles that may read everything but change nothing (except their own session). */
export const READ_ONLY_ROLES: readonly Role[] = ['leader'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AccessDenialCode = 'NO_UNIT' | 'ROLE_NOT_ALLOWED' | 'READ_ONLY_ROLE';

export interface AccessDenial {
  code: AccessDenialCode;
  message: string;
}

export interface RouteAccessRule {
  /** from @Roles(); undefined = every authenticated role */
  roles?: readonly Role[];
  /** from @AllowReadOnlyRoles() */
  allowReadOnlyRoles?: boolean;
}

/**
 * Route-level authorization, decided from the authenticated user only (never the request).
 * Object-level scoping (which tasks a bureau sees) is the feature services' job; this only
 * makes sure they never run for a caller who cannot be scoped. Checks, in order:
 * 1. a bureau user without a unit cannot be scoped → refused everywhere (fail closed);
 * 2. read-only roles may only use safe methods (checked first so a leader's write is answered
 *    READ_ONLY_ROLE, the more useful reason, even on office-only routes);
 * 3. @Roles restricts the route.
 */
export function checkRouteAccess(user: Pick<AuthUser, 'role' | 'unitId'>, method: string, rule: RouteAccessRule): AccessDenial | null {
  if (!ALL_ROLES.includes(user.role)) {
    return { code: 'ROLE_NOT_ALLOWED', message: '您的角色无权执行此操作' };
  }
  if (user.role === 'bureau' && !user.unitId) {
    return { code: 'NO_UNIT', message: '您的账号尚未绑定单位，请联系统筹办' };
  }
  if (READ_ONLY_ROLES.includes(user.role) && !SAFE_METHODS.has(method.toUpperCase()) && !rule.allowReadOnlyRoles) {
    return { code: 'READ_ONLY_ROLE', message: '领导账号为只读账号，不能修改数据' };
  }
  if (rule.roles && rule.roles.length > 0 && !rule.roles.includes(user.role)) {
    return { code: 'ROLE_NOT_ALLOWED', message: '您的角色无权执行此操作' };
  }
  return null;
}
