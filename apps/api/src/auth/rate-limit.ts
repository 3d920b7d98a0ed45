import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerRequest, normalizeIp } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import type { AppConfig } from '@luoshi/infra';
import { normalizeUsername } from '../users/username';
import { tooManyRequests } from './auth.errors';

/** Login attempts: LOGIN_RATE_LIMIT per minute per (IP, username), on routes marked @LoginRateLimited(). */
export const LOGIN_THROTTLER = 'login';
/**
 * Anonymous writes (login, refresh, and any future public POST): a generous per-IP ceiling
 * against floods and password spraying across usernames. Authenticated traffic is exempt (load
 * tests by logged-in users are never throttled), and so are anonymous reads (health probes).
 */
export const ANONYMOUS_THROTTLER = 'anonymous';
export const ANONYMOUS_REQUESTS_PER_MINUTE = 600;

/**
 * Authenticated requests: USER_RATE_LIMIT per minute per user across all routes, so one account
 * (or a stolen token) cannot flood the audit log or the database. Generous: a person clicking, or
 * the web app polling, stays far below it.
 */
export const USER_THROTTLER = 'user';

const ONE_MINUTE_MS = 60_000;
const LOGIN_RATE_LIMITED = 'luoshi:loginRateLimited';

/** Counts calls of this route against the login limit (per IP + username). */
export const LoginRateLimited = () => SetMetadata(LOGIN_RATE_LIMITED, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type HttpRequest = { ip?: string; method?: string; body?: unknown; user?: unknown };

function requestOf(context: ExecutionContext): HttpRequest {
  return context.switchToHttp().getRequest<HttpRequest>();
}

/** `ip|username`: a guesser cannot lock a user out from other addresses, nor reset by varying case */
export function loginTracker(ip: string | undefined, body: unknown): string {
  const username = normalizeUsername((body as { username?: unknown } | undefined)?.username);
  return `${normalizeIp(ip ?? 'unknown')}|${username}`;
}

/**
 * Throttler options with the Redis storage, so every API instance shares the counters.
 * The shared client already prefixes keys with REDIS_PREFIX.
 */
export function throttlerOptions(config: AppConfig, redis: Redis): ThrottlerModuleOptions {
  return {
    storage: new ThrottlerStorageRedisService(redis),
    throttlers: [
      {
        name: LOGIN_THROTTLER,
        ttl: ONE_MINUTE_MS,
        limit: config.LOGIN_RATE_LIMIT,
        skipIf: (context) => Reflect.getMetadata(LOGIN_RATE_LIMITED, context.getHandler()) !== true,
        getTracker: (req: HttpRequest) => loginTracker(req.ip, req.body),
      },
      {
        name: ANONYMOUS_THROTTLER,
        ttl: ONE_MINUTE_MS,
        limit: ANONYMOUS_REQUESTS_PER_MINUTE,
        // the guard runs after JwtAuthGuard, so request.user is set for authenticated calls
        skipIf: (context) => {
          const request = requestOf(context);
          return request.user !== undefined || SAFE_METHODS.has(request.method ?? 'GET');
        },
        getTracker: (req: HttpRequest) => normalizeIp(req.ip ?? 'unknown'),
        // one bucket per IP across all routes (the default key is per route)
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
      },
      {
        name: USER_THROTTLER,
        ttl: ONE_MINUTE_MS,
        limit: config.USER_RATE_LIMIT,
        skipIf: (context) => requestOf(context).user === undefined,
        getTracker: (req: HttpRequest) => (req.user as { id: string }).id,
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
        // no X-RateLimit-* headers on every authenticated response; a 429 still says Retry-After
        setHeaders: false,
      },
    ],
  };
}

/** Raised by the guard below when a throttler's limit is reached; carries the seconds to wait. */
class LimitReached extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('limit reached');
  }
}

/** ThrottlerGuard answering in the shared error shape, with `Retry-After` and a code per throttler. */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (err) {
      if (!(err instanceof LimitReached)) throw err;
      // the library itself only sets a per-throttler `Retry-After-<name>`
      request.context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(err.retryAfterSeconds));
      if (request.throttler.name === LOGIN_THROTTLER) {
        throw tooManyRequests('TOO_MANY_LOGIN_ATTEMPTS', '登录尝试过于频繁，请一分钟后再试');
      }
      throw tooManyRequests('TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试');
    }
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    return Promise.reject(new LimitReached(Math.max(1, Math.ceil(detail.isBlocked ? detail.timeToBlockExpire : detail.timeToExpire))));
  }
}
