import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, IS_PUBLIC } from './auth.decorators';
import { AuthErrors } from './auth.errors';
import { AuthService } from './auth.service';

/** `Authorization: Bearer <token>` → token; anything else → null */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  return match ? match[1] : null;
}

/**
 * Global guard (APP_GUARD): every route authenticates unless marked @Public(). On success the
 * principal — checked against the user's current row (AuthService.authenticate) — is on `request.user`, with the request's id; services
 * pass it on to the audit trail explicitly (no async-local context: it costs every promise).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    try {
      const token = bearerToken(request.headers.authorization);
      if (!token) throw AuthErrors.missingToken();
      request.user = { ...(await this.auth.authenticate(token)), requestId: request.id };
      return true;
    } catch (err) {
      context.switchToHttp().getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer realm="luoshi"');
      throw err;
    }
  }
}
