import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app's refresh token lives in this cookie: httpOnly (no script reads it), SameSite=Strict
 * (no other site sends it) and Secure when the request came over https. Its path is `/auth`, the
 * only routes that read it (refresh and logout), so no other request carries it.
 */
export const REFRESH_COOKIE = 'luoshi_refresh';
export const REFRESH_COOKIE_PATH = '/auth';

export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, refreshToken: string, maxAgeSeconds: number): void {
  reply.setCookie(REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: REFRESH_COOKIE_PATH,
    maxAge: maxAgeSeconds,
  });
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: REFRESH_COOKIE_PATH });
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[REFRESH_COOKIE];
  return value ? value : undefined;
}
