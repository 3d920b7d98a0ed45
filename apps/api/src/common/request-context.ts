import fastifyRequestContext, { requestContext } from '@fastify/request-context';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthUser } from '../auth/auth.decorators';

/**
 * The per-request context (AsyncLocalStorage, via Fastify's own plugin): the request id Fastify
 * assigned and, once JwtAuthGuard has authenticated the caller, the principal. The audit trail
 * reads both from here, never from anything the client sent. Outside an HTTP request (CLI,
 * worker) there is no context and both are undefined.
 */
declare module '@fastify/request-context' {
  interface RequestContextData {
    requestId: string;
    user?: AuthUser;
  }
}

export async function registerRequestContext(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyRequestContext, { defaultStoreValues: (request) => ({ requestId: request.id }) });
}

export function currentRequestId(): string | undefined {
  return requestContext.get('requestId');
}

export function currentUser(): AuthUser | undefined {
  return requestContext.get('user');
}

/** Called by JwtAuthGuard only. */
export function setCurrentUser(user: AuthUser): void {
  requestContext.set('user', user);
}
