import type { components } from '@/api/schema';

export type CurrentUser = components['schemas']['UserResponseDto'];
type Session = components['schemas']['SessionDto'];

/**
 * The signed-in session. The access token lives only in this module's memory; the refresh token
 * is an httpOnly cookie the API sets on /auth (no script can read it), so a reload starts by
 * asking /auth/refresh for a new access token.
 */
let accessToken: string | null = null;
let currentUser: CurrentUser | null = null;
const listeners = new Set<() => void>();
let refreshing: Promise<boolean> | null = null;

export function getAccessToken(): string | null {
  return accessToken;
}

export function getCurrentUser(): CurrentUser | null {
  return currentUser;
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}

export function startSession(session: Pick<Session, 'accessToken' | 'user'>): void {
  accessToken = session.accessToken;
  currentUser = session.user;
  rememberSession(true);
  notify();
}

/** Forget the session in this tab (the caller decides whether the server is told). */
export function endSession(): void {
  accessToken = null;
  currentUser = null;
  rememberSession(false);
  notify();
}

/**
 * Exchange the refresh cookie for a new access token. Concurrent callers share one request, so
 * several 401s at once refresh once (a refresh token is single-use: a second one would revoke all).
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await fetch('/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) return false;
      startSession((await response.json()) as Session);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * Whether this browser had a session (no secret: only says a refresh is worth trying), so a first
 * visit goes straight to the login page instead of asking /auth/refresh for nothing.
 */
const SESSION_HINT = 'luoshi.hasSession';

export function hadSession(): boolean {
  return window.localStorage.getItem(SESSION_HINT) === '1';
}

export function rememberSession(present: boolean): void {
  if (present) window.localStorage.setItem(SESSION_HINT, '1');
  else window.localStorage.removeItem(SESSION_HINT);
}
