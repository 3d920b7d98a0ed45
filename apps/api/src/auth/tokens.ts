import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { RefreshTokenEntity, UserEntity } from '@luoshi/domain/entities';
import type { Role } from './auth.decorators';

export const JWT_ISSUER = 'luoshi';
export const JWT_AUDIENCE = 'luoshi-api';

/** Claims of an access token. `tv` must equal the user's current tokenVersion. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  unitId: string | null;
  tv: number;
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
 * request) and revokes all refresh tokens. Run it inside the transaction that disables, moves or
 * re-roles the user. Returns the new tokenVersion.
 */
export async function revokeAllSessions(manager: EntityManager, userId: string): Promise<number> {
  const bumped = await manager
    .createQueryBuilder()
    .update(UserEntity)
    .set({ tokenVersion: () => 'token_version + 1' })
    .where('id = :userId', { userId })
    .returning(['tokenVersion'])
    .execute();
  await manager
    .createQueryBuilder()
    .update(RefreshTokenEntity)
    .set({ revokedAt: () => 'now()' })
    .where('user_id = :userId AND revoked_at IS NULL', { userId })
    .execute();
  const row = (bumped.raw as { token_version: number }[])[0];
  return row?.token_version ?? 0;
}
