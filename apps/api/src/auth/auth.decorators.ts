import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export type Role = 'office' | 'bureau' | 'leader';

/** The authenticated principal: the verified token checked against the user's current row (see AuthService.authenticate). */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** set for bureau users; a bureau user without a unit is refused (fail closed) */
  unitId: string | null;
  /** the HTTP request this principal was authenticated for (set by JwtAuthGuard); audit entries carry it */
  requestId?: string;
  /** the login session of the access token (`sid`), which logout ends */
  sessionId?: string;
}

export const IS_PUBLIC = 'luoshi:isPublic';
export const ROLES = 'luoshi:roles';

/** Opens a route to anonymous callers (login, health, docs). Everything else authenticates. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to these roles; routes without it admit every authenticated role. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** Fastify's id of the current request (X-Request-Id), for routes without an authenticated user (login, refresh). */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<{ id: string }>().id;
});

export const ALLOW_READ_ONLY_ROLES = 'luoshi:allowReadOnlyRoles';

/**
 * Marks a non-GET route that changes only the caller's own session (logout, marking one's own
 * notification read), so read-only roles (leader) may call it. Never put it on a route that
 * changes shared data.
 */
export const AllowReadOnlyRoles = () => SetMetadata(ALLOW_READ_ONLY_ROLES, true);
