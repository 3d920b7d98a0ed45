import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
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
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Stored = { state: 'pending'; fingerprint: string } | { state: 'done'; fingerprint: string; body: unknown };

const invalidKey = () =>
  new DomainError('invalid', 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key 格式不正确（8–128 个可见 ASCII 字符）', {
    fields: [{ field: IDEMPOTENCY_HEADER, code: 'IDEMPOTENCY_KEY_INVALID', message: 'Idempotency-Key：应为 8–128 个可见 ASCII 字符' }],
  });
const keyReused = () => new DomainError('rule_violated', 'IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一项不同的提交');
const inProgress = () => new DomainError('conflict', 'IDEMPOTENCY_KEY_IN_PROGRESS', '相同的提交正在处理中，请稍后查看结果');

/**
 * `Idempotency-Key` on authenticated writes (for API clients that retry; the web app does not send one yet): the first
 * request with a key runs and its answer is kept in Redis for 24 h under (user, key); a repeat with
 * the same method, path and body gets that answer again without running (so without a second
 * write); one with a different request is 422 IDEMPOTENCY_KEY_REUSED, one arriving while the first
 * still runs 409 IDEMPOTENCY_KEY_IN_PROGRESS. A refused first request (4xx/5xx) keeps nothing,
 * so the corrected form can be sent again under the same key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key === undefined || !request.user || !WRITE_METHODS.has(request.method)) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return throwError(() => invalidKey());
    const storeKey = `idempotency:${request.user.id}:${key}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    return from(this.claim(storeKey, fingerprint)).pipe(
      mergeMap((previous) => {
        if (previous) {
          if (previous.fingerprint !== fingerprint) return throwError(() => keyReused());
          if (previous.state === 'pending') return throwError(() => inProgress());
          context.switchToHttp().getResponse<FastifyReply>().header('Idempotent-Replayed', 'true');
          return of(previous.body);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            const done: Stored = { state: 'done', fingerprint, body: body ?? null };
            await this.redis.set(storeKey, JSON.stringify(done), 'EX', IDEMPOTENCY_TTL_SECONDS);
            return body;
          }),
          catchError((err: unknown) => from(this.redis.del(storeKey)).pipe(mergeMap(() => throwError(() => err)))),
        );
      }),
    );
  }

  /** Claims the key for this request (null), or returns what an earlier request with it left. */
  private async claim(storeKey: string, fingerprint: string): Promise<Stored | null> {
    const pending: Stored = { state: 'pending', fingerprint };
    const claimed = await this.redis.set(storeKey, JSON.stringify(pending), 'EX', IDEMPOTENCY_TTL_SECONDS, 'NX');
    if (claimed === 'OK') return null;
    // a double click: the first request is usually done within moments, so wait for its answer
    for (let attempt = 0; ; attempt++) {
      const raw = await this.redis.get(storeKey);
      // expired or released (the first was refused) meanwhile: treat as still running, the client retries
      const stored = raw ? (JSON.parse(raw) as Stored) : pending;
      if (stored.state === 'done' || stored.fingerprint !== fingerprint || attempt >= WAIT_ATTEMPTS) return stored;
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }
}
