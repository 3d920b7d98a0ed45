import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { RefreshTokenEntity } from '@luoshi/domain/entities';
import { queryRows, returningRows, sql } from '@luoshi/infra';
import type { Role } from './auth.decorators';

export const JWT_ISSUER = 'luoshi';
export const JWT_AUDIENCE = 'luoshi-api';

/** Claims of an access token. `tv` must equal the user's current tokenVersion. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  unitId: string | null;
  tv: number;
  /** the login session (refresh_token.session_id); logout ends it */
  sid: string;
  /** guards against other JWTs signed with the same key ever being accepted as access tokens */
  typ: 'access';
}

/** 32 random bytes, base64url: the refresh token as the client sees it (never stored). */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What refresh_token.token_hash stores. A fast hash is right here: the input is 256 random bits. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Ends every session of a user: bumps tokenVersion (outstanding access tokens fail on their next
 * request) and deletes all refresh tokens. Run it inside the transaction that disables, moves or
 * re-roles the user. Returns the new tokenVersion.
 *
 * Ended sessions' refresh tokens are deleted, not marked revoked: a revoked row means "rotated",
 * and presenting a rotated token is treated as theft (every session ends). A tab that still holds
 * a logged-out token must get a plain 401, not kill the session the user just opened elsewhere.
 */
export async function revokeAllSessions(manager: EntityManager, userId: string): Promise<number> {
  const rows = await returningRows<{ token_version: number }>(
    manager,
    sql`UPDATE app_user SET token_version = token_version + 1 WHERE id = ${userId} RETURNING token_version`,
  );
  await manager.delete(RefreshTokenEntity, { userId });
  return rows[0]?.token_version ?? 0;
}

/**
 * Ends the given sessions of a user (logout): their refresh tokens are deleted (see above) and
 * their ids recorded in app_user.ended_sessions, which authentication reads with the principal,
 * so their access tokens fail on the next request. Entries older than the access-token lifetime
 * are dropped on the way: no token they could match is still valid.
 */
export async function endSessions(
  manager: EntityManager,
  userId: string,
  sessionIds: string[],
  nowEpochSeconds: number,
  accessTtlSeconds: number,
): Promise<void> {
  if (!sessionIds.length) return;
  await queryRows(manager, sql`DELETE FROM refresh_token WHERE user_id = ${userId} AND session_id = ANY(${sessionIds}::uuid[])`);
  const ended = Object.fromEntries(sessionIds.map((id) => [id, nowEpochSeconds]));
  await queryRows(
    manager,
    sql`UPDATE app_user
           SET ended_sessions = (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each(ended_sessions)
                                  WHERE value::bigint > ${nowEpochSeconds - accessTtlSeconds}) || ${JSON.stringify(ended)}::jsonb
         WHERE id = ${userId}`,
  );
}
