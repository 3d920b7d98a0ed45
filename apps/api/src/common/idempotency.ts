import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { DomainError } from '@luoshi/domain/errors';
import type { AuthUser } from '../auth/auth.decorators';
import { REDIS } from '../redis/redis.module';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** how long a key remembers its first answer */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** what clients send: a UUID, or any token of visible ASCII */
const KEY_PATTERN = /^[\x21-\x7e]{8,128}$/;
/** how long a repeat waits for the first request's answer before answering 409 (50 × 100 ms) */
const WAIT_ATTEMPTS = 50;
const WAIT_STEP_MS = 100;

/** The first answer as sent: its status and JSON text (null: no body, e.g. 204). */
type Stored = { state: 'pending'; fingerprint: string } | { state: 'done'; fingerprint: string; status: number; body: string | null };
type Claim = { storeKey: string; fingerprint: string };

const invalidKey = () =>
  new DomainError('invalid', 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key 格式不正确（8–128 个可见 ASCII 字符）', {
    fields: [{ field: IDEMPOTENCY_HEADER, code: 'IDEMPOTENCY_KEY_INVALID', message: 'Idempotency-Key：应为 8–128 个可见 ASCII 字符' }],
  });
const keyReused = () => new DomainError('rule_violated', 'IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一项不同的提交');
const inProgress = () => new DomainError('conflict', 'IDEMPOTENCY_KEY_IN_PROGRESS', '相同的提交正在处理中，请稍后查看结果');

/** The requests that claimed a key, until their answer is kept (or the key released) as it is sent. */
const claims = new WeakMap<FastifyRequest, Claim>();

/**
 * A repeat's answer: the first request's, sent again by AllExceptionsFilter (a guard cannot answer
 * a request itself; throwing skips the handler, so nothing is written twice).
 */
export class IdempotentReplay extends Error {
  constructor(
    readonly status: number,
    readonly body: string | null,
  ) {
    super('idempotent replay');
  }
}

/**
 * `Idempotency-Key` on authenticated writes (for API clients that retry; the web app does not send
 * one yet): the first request with a key runs and its answer is kept in Redis for 24 h under
 * (user, key); a repeat with the same method, path and body gets that answer again without running
 * (so without a second write); one with a different request is 422 IDEMPOTENCY_KEY_REUSED, one
 * arriving while the first still runs 409 IDEMPOTENCY_KEY_IN_PROGRESS. A refused first request
 * (4xx/5xx) keeps nothing, so the corrected form can be sent again under the same key.
 *
 * Two halves, so that a write without the header costs one header lookup: this guard (on every
 * write route, common/write-routes.ts; after authentication) claims the key or answers the repeat,
 * and the onSend hook of `registerIdempotentAnswers` keeps the claimed request's answer or releases
 * the key. (As a Nest interceptor it cost every request of its routes 0.1–0.2 ms of CPU, measured:
 * Nest runs such routes through an RxJS pipeline and binds two AsyncResources per request.)
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  // optional: the CLI contexts (seed, import) load feature modules, so their routes' guards, without Redis or HTTP
  constructor(@Optional() @Inject(REDIS) private readonly redis?: Redis) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key === undefined || !request.user) return true;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw invalidKey();
    const storeKey = `idempotency:${request.user.id}:${key}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    if (!this.redis) throw new Error('IdempotencyGuard needs Redis: the HTTP app provides it (RedisModule)');
    const previous = await this.claim(this.redis, storeKey, fingerprint);
    if (!previous) {
      claims.set(request, { storeKey, fingerprint });
      return true;
    }
    if (previous.fingerprint !== fingerprint) throw keyReused();
    if (previous.state === 'pending') throw inProgress();
    throw new IdempotentReplay(previous.status, previous.body);
  }

  /** Claims the key for this request (null), or returns what an earlier request with it left. */
  private async claim(redis: Redis, storeKey: string, fingerprint: string): Promise<Stored | null> {
    const pending: Stored = { state: 'pending', fingerprint };
    const claimed = await redis.set(storeKey, JSON.stringify(pending), 'EX', IDEMPOTENCY_TTL_SECONDS, 'NX');
    if (claimed === 'OK') return null;
    // a double click: the first request is usually done within moments, so wait for its answer
    for (let attempt = 0; ; attempt++) {
      const raw = await redis.get(storeKey);
      // expired or released (the first was refused) meanwhile: treat as still running, the client retries
      const stored = raw ? (JSON.parse(raw) as Stored) : pending;
      if (stored.state === 'done' || stored.fingerprint !== fingerprint || attempt >= WAIT_ATTEMPTS) return stored;
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }
}

/**
 * The second half of IdempotencyGuard: as a claimed request's answer is sent, it is kept for the
 * repeats (2xx/3xx), or the key is released (a refusal keeps nothing). Keeping it cannot fail the
 * answer: the write is done, so a Redis error is logged and the key stays claimed until it expires.
 */
export function registerIdempotentAnswers(app: NestFastifyApplication): void {
  const redis = app.get<Redis>(REDIS);
  const logger = new Logger('Idempotency');
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply, payload) => {
      const claim = claims.get(request);
      if (!claim) return payload;
      claims.delete(request);
      try {
        if (reply.statusCode >= 400) await redis.del(claim.storeKey);
        else {
          const done: Stored = { state: 'done', fingerprint: claim.fingerprint, status: reply.statusCode, body: typeof payload === 'string' ? payload : null };
          await redis.set(claim.storeKey, JSON.stringify(done), 'EX', IDEMPOTENCY_TTL_SECONDS);
        }
      } catch (err) {
        logger.error({ err, requestId: request.id }, 'Could not keep an idempotent answer');
      }
      return payload;
    });
}
