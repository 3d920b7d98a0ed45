import createClient from 'openapi-fetch';
import type { paths } from '@/api/schema';
import { ApiError, type ErrorBody } from './api-error';
import { endSession, getAccessToken, refreshSession } from './session';

/** Routes whose 401 means "wrong password / no session", not "the access token expired". */
const SESSION_ROUTES = /^\/auth\/(login|refresh)$/;

/**
 * fetch with the access token; a 401 refreshes the session once and repeats the request, and if
 * the refresh fails too the session ends (the app shows the login page).
 */
export async function authFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const response = await fetch(withToken(input));
  if (response.status !== 401 || SESSION_ROUTES.test(new URL(input.url).pathname)) return response;
  if (!(await refreshSession())) {
    endSession();
    return response;
  }
  return fetch(withToken(retry));
}

function withToken(request: Request): Request {
  const token = getAccessToken();
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  return request;
}

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: authFetch, credentials: 'same-origin' });

/** The data of an openapi-fetch result, or an ApiError (what TanStack Query expects of a query function). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw ApiError.network();
  }
  if (!result.response.ok) throw ApiError.from(result.response.status, result.error as ErrorBody | undefined);
  return result.data as T;
}
