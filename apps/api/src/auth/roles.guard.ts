import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@luoshi/domain/errors';
import { checkRouteAccess } from './access-policy';
import { ALLOW_READ_ONLY_ROLES, AuthUser, IS_PUBLIC, Role, ROLES } from './auth.decorators';
import { AuthErrors } from './auth.errors';
import { RefusalAuditService } from './refusal-audit.service';

/**
 * Global guard (APP_GUARD), after JwtAuthGuard: route-level authorization (see checkRouteAccess).
 * Every refusal is audited before the 403 goes out.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly refusals: RefusalAuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    // JwtAuthGuard runs first; a missing principal here means misconfiguration: fail closed
    if (!request.user) throw AuthErrors.missingToken();
    const denial = checkRouteAccess(request.user, request.method, {
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets),
      allowReadOnlyRoles: this.reflector.getAllAndOverride<boolean>(ALLOW_READ_ONLY_ROLES, targets) === true,
    });
    if (!denial) return true;
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    await this.refusals.record({
      actor: request.user,
      action: 'access.refused',
      entityType: 'route',
      entityId: route,
      code: denial.code,
      details: { handler: `${context.getClass().name}.${context.getHandler().name}` },
    });
    throw new DomainError('forbidden', denial.code, denial.message);
  }
}
