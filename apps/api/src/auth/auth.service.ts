import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { DataSource, EntityManager } from 'typeorm';
import { RefreshTokenEntity, UserEntity } from '@luoshi/domain/entities';
import { DomainError } from '@luoshi/domain/errors';
import { APP_CONFIG, AppConfig, Clock, preparedRows, sql } from '@luoshi/infra';
import { AuditService } from '../audit/audit.service';
import { toUserResponse, UserResponseDto } from '../users/dto/user-response.dto';
import { findUserWithUnit } from '../users/user-lookup';
import { normalizeUsername } from '../users/username';
import type { AuthUser, Role } from './auth.decorators';
import { AuthErrors } from './auth.errors';
import { PrincipalCache, PrincipalRow } from './principal-cache';
import type { LoginDto } from './dto/login.dto';
import type { LogoutDto } from './dto/logout.dto';
import type { SessionDto } from './dto/session.dto';
import { dummyPasswordHash, hashPassword, passwordNeedsRehash, verifyPassword } from './password-hasher';
import { AccessTokenClaims, endSessions, generateRefreshToken, hashRefreshToken, revokeAllSessions } from './tokens';
import { REDIS } from '../redis/redis.module';

/** how many verified access tokens are remembered: a few per person signed in, for a city's staff */
const VERIFIED_TOKENS_KEPT = 20_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function principalOf(user: Pick<UserEntity, 'id' | 'username' | 'role' | 'unitId'>): AuthUser {
  return { id: user.id, username: user.username, role: user.role as Role, unitId: user.unitId };
}

/** Login, token rotation, logout, and the per-request check of an access token. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** access tokens verified before, by their text (see verifyAccessToken) */
  private readonly verifiedTokens = new Map<string, AccessTokenClaims & { exp: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly principals: PrincipalCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async login(dto: LoginDto, requestId: string): Promise<SessionDto> {
    const username = normalizeUsername(dto.username);
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { username }, relations: { unit: true } });
    // verify against a dummy hash when the user does not exist: same cost, same answer
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), dto.password);
    if (!user || !passwordOk) {
      // not awaited: the audit insert must not make a known username answer measurably slower
      if (user) this.recordRefusedLogin(user, 'INVALID_CREDENTIALS', requestId);
      throw AuthErrors.invalidCredentials();
    }
    // only someone who knows the password learns that the account is disabled
    if (user.disabled) {
      this.recordRefusedLogin(user, 'USER_DISABLED', requestId);
      throw AuthErrors.userDisabled();
    }
    const upgradedHash = passwordNeedsRehash(user.passwordHash) ? await hashPassword(dto.password) : null;
    return this.dataSource.transaction(async (manager) => {
      if (upgradedHash) await manager.update(UserEntity, user.id, { passwordHash: upgradedHash });
      const session = await this.issueSession(manager, user);
      await this.audit.record(manager, { ...principalOf(user), requestId }, { action: 'auth.login', entityType: 'user', entityId: user.id });
      return session;
    });
  }

  /**
   * Rotates a refresh token: the presented one is marked revoked (kept until it expires, to
   * recognise a replay) and a new pair issued in the same session. The row is locked, so
   * concurrent refreshes of one token queue up: those arriving within REFRESH_REUSE_GRACE_SECONDS
   * of the rotation (two tabs waking up) get the pair the first one got, kept in Redis for that
   * long. Presenting a rotated token later means it was copied: every session of that user ends.
   */
  async refresh(refreshToken: string, requestId: string): Promise<SessionDto> {
    const tokenHash = hashRefreshToken(refreshToken);
    // errors that must commit their side effects (reuse revocation) are returned, then thrown
    let revokedUserId: string | null = null;
    const outcome = await this.dataSource.transaction(async (manager): Promise<SessionDto | DomainError> => {
      const stored = await manager.findOne(RefreshTokenEntity, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      if (!stored) return AuthErrors.invalidRefreshToken();
      if (stored.revokedAt) {
        const racer = await this.rotatedWithinGrace(stored.revokedAt, tokenHash);
        if (racer) return racer;
        await revokeAllSessions(manager, stored.userId);
        revokedUserId = stored.userId;
        await this.audit.record(
          manager,
          { requestId },
          {
            action: 'auth.refresh',
            entityType: 'user',
            entityId: stored.userId,
            outcome: 'refused',
            after: { code: 'REFRESH_TOKEN_REUSED', refreshTokenId: stored.id, sessionsRevoked: true },
          },
        );
        return AuthErrors.refreshTokenReused();
      }
      if (stored.expiresAt.getTime() <= this.clock.now().getTime()) return AuthErrors.refreshTokenExpired();
      const user = await manager.findOne(UserEntity, { where: { id: stored.userId }, relations: { unit: true } });
      if (!user || user.disabled) return AuthErrors.userDisabled();
      await manager.update(RefreshTokenEntity, stored.id, { revokedAt: this.clock.now() });
      const session = await this.issueSession(manager, user, stored.sessionId);
      // written before the commit releases the row lock, so every queued racer finds it
      await this.redis.set(graceKey(tokenHash), JSON.stringify(session), 'EX', this.config.REFRESH_REUSE_GRACE_SECONDS + 60);
      return session;
    });
    if (revokedUserId) this.principals.invalidate(revokedUserId);
    if (outcome instanceof DomainError) throw outcome;
    return outcome;
  }

  /** The pair a rotation within the grace window issued, for a racer presenting the same token. */
  private async rotatedWithinGrace(revokedAt: Date, tokenHash: string): Promise<SessionDto | null> {
    if (this.clock.now().getTime() - revokedAt.getTime() > this.config.REFRESH_REUSE_GRACE_SECONDS * 1000) return null;
    const cached = await this.redis.get(graceKey(tokenHash));
    return cached ? (JSON.parse(cached) as SessionDto) : null;
  }

  /**
   * Ends one session of the caller — the given refresh token's, if it is the caller's, else the
   * access token's own (`sid`); idempotent — or with `all` every session (tokenVersion bumped).
   * Either way the ended session's access tokens fail on their next request.
   */
  async logout(user: AuthUser, dto: LogoutDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (dto.all) {
        await revokeAllSessions(manager, user.id);
      } else {
        const presented = dto.refreshToken
          ? await manager.findOne(RefreshTokenEntity, { where: { tokenHash: hashRefreshToken(dto.refreshToken), userId: user.id } })
          : null;
        // the session of the refresh token (the one a client logs out of); unknown or not the caller's → the access token's own
        const sessionId = presented?.sessionId ?? user.sessionId;
        await endSessions(manager, {
          userId: user.id,
          sessionIds: sessionId ? [sessionId] : [],
          nowEpochSeconds: Math.floor(this.clock.now().getTime() / 1000),
          accessTtlSeconds: this.config.ACCESS_TOKEN_TTL_SECONDS,
        });
      }
      await this.audit.record(manager, user, { action: 'auth.logout', entityType: 'user', entityId: user.id, after: { all: dto.all === true } });
    });
    this.principals.invalidate(user.id);
  }

  async me(user: AuthUser): Promise<UserResponseDto> {
    const entity = await findUserWithUnit(this.dataSource.manager, user.id);
    if (!entity) throw AuthErrors.tokenRevoked();
    return toUserResponse(entity);
  }

  /**
   * Verifies an access token and checks it against the user's current row, so disabling, moving
   * or re-roling a user takes effect on the next request rather than at token expiry. The row
   * comes from PrincipalCache, which every change of it invalidates (see there), or one
   * primary-key lookup.
   */
  async authenticate(token: string): Promise<AuthUser> {
    const claims = this.verifyAccessToken(token);
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !UUID.test(claims.sub) || !Number.isInteger(claims.tv) || typeof claims.sid !== 'string') {
      throw AuthErrors.invalidToken();
    }
    const row = await this.principals.load(claims.sub, async () => {
      const rows = await preparedRows<PrincipalRow>(
        this.dataSource.manager,
        sql`SELECT id, username, role, unit_id, disabled, token_version, ended_sessions FROM app_user WHERE id = ${claims.sub}`,
      );
      return rows[0];
    });
    if (!row) throw AuthErrors.tokenRevoked();
    if (row.disabled) throw AuthErrors.userDisabled();
    // moving or re-roling bumps tokenVersion too; comparing the claims is a second line of defence
    if (row.token_version !== claims.tv || row.unit_id !== (claims.unitId ?? null) || row.role !== claims.role) {
      throw AuthErrors.tokenRevoked();
    }
    // the session was ended by logout
    if (Object.hasOwn(row.ended_sessions, claims.sid)) throw AuthErrors.sessionEnded();
    return { id: row.id, username: row.username, role: row.role, unitId: row.unit_id, sessionId: claims.sid };
  }

  /**
   * Issues a session for a user who was authenticated some other way (test factories, seeding,
   * benchmarks). Not reachable over HTTP; does not check `disabled` on purpose, so tests can
   * hold a token of a user they disable afterwards.
   */
  async startSession(userId: string): Promise<SessionDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneOrFail(UserEntity, { where: { id: userId }, relations: { unit: true } });
      return this.issueSession(manager, user);
    });
  }

  /**
   * The token's claims once its signature, algorithm, issuer, audience and expiry check out. A token
   * verified before is not verified again (the HMAC and JSON decoding were a sixth of GET /auth/me's
   * API CPU, measured): the exact text maps to its claims, and only its expiry is judged anew, by the
   * injected clock as jsonwebtoken judges it (expired from `exp` on). Revocation is not cached: the
   * caller checks the claims against the user's current row on every request.
   */
  private verifyAccessToken(token: string): AccessTokenClaims {
    const now = this.epochSeconds();
    const known = this.verifiedTokens.get(token);
    if (known) {
      if (now < known.exp) return known;
      this.verifiedTokens.delete(token);
      throw AuthErrors.tokenExpired();
    }
    let claims: AccessTokenClaims & { exp?: unknown };
    try {
      // algorithms, issuer and audience are pinned in the JwtModule verify options; expiry is
      // judged by the injected clock, like the refresh token's (so tests move time, not wait)
      claims = this.jwt.verify<AccessTokenClaims & { exp?: unknown }>(token, { clockTimestamp: now });
    } catch (err) {
      throw err instanceof TokenExpiredError ? AuthErrors.tokenExpired() : AuthErrors.invalidToken();
    }
    // only tokens that expire are remembered (every access token this API signs does); the oldest
    // entry makes room, so the map stays bounded whatever tokens arrive
    if (typeof claims.exp === 'number') {
      if (this.verifiedTokens.size >= VERIFIED_TOKENS_KEPT) this.verifiedTokens.delete(this.verifiedTokens.keys().next().value!);
      this.verifiedTokens.set(token, claims as AccessTokenClaims & { exp: number });
    }
    return claims;
  }

  private epochSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  private async issueSession(manager: EntityManager, user: UserEntity, sessionId: string = randomUUID()): Promise<SessionDto> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role as Role, unitId: user.unitId, tv: user.tokenVersion, sid: sessionId, typ: 'access' };
    const accessToken = await this.jwt.signAsync({ ...claims, iat: this.epochSeconds() });
    const refreshToken = generateRefreshToken();
    await manager.insert(RefreshTokenEntity, {
      userId: user.id,
      sessionId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(this.clock.now().getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    return { accessToken, refreshToken, expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS, user: toUserResponse(user) };
  }

  private recordRefusedLogin(user: UserEntity, code: string, requestId: string): void {
    this.audit
      .record(this.dataSource.manager, { requestId }, { action: 'auth.login', entityType: 'user', entityId: user.id, outcome: 'refused', after: { code } })
      .catch((err: unknown) => this.logger.error({ err, userId: user.id }, 'Could not record a refused login'));
  }
}

const graceKey = (tokenHash: string): string => `refresh-grace:${tokenHash}`;
