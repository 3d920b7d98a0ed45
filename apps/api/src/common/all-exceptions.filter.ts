import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes } from 'fastify';
import { DomainError, DomainErrorKind } from '@luoshi/domain/errors';
import { IdempotentReplay } from './idempotency';
import type { ErrorBody } from './error-body';

/** The one place a domain error's kind becomes an HTTP status. */
const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rule_violated: 422,
  precondition_missing: 428,
};

const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Default codes and Chinese messages for framework-raised HTTP errors. */
const HTTP_DEFAULTS: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: '请求格式不正确' },
  401: { code: 'UNAUTHENTICATED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '无权执行此操作' },
  404: { code: 'NOT_FOUND', message: '未找到请求的内容' },
  409: { code: 'CONFLICT', message: '数据已被修改，请刷新后重试' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '上传的内容超过大小限制' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的文件类型' },
  422: { code: 'UNPROCESSABLE', message: '无法处理提交的内容' },
  428: { code: 'PRECONDITION_REQUIRED', message: '请提供版本号' },
  429: { code: 'TOO_MANY_REQUESTS', message: '操作过于频繁，请稍后再试' },
  500: { code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后再试' },
};

/**
 * Fastify's body-parser errors reach Nest as plain HttpExceptions carrying only Fastify's
 * English message; these are the ones worth a code of their own.
 */
const FASTIFY_ERRORS_BY_MESSAGE = new Map<string, { code: string; message: string }>([
  [new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY().message, { code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON' }],
  [new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY().message, { code: 'MALFORMED_JSON', message: '请求内容为空，不是有效的 JSON' }],
]);

/** Maps every error to the one ErrorBody shape. 500s never expose internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const http = host.switchToHttp();
    const request = http.getRequest<{ id?: string; raw?: { complete?: boolean; resume?: () => void } }>();
    const response = http.getResponse<unknown>();
    if (exception instanceof IdempotentReplay) return this.replay(exception, response);
    const body = this.toBody(exception);
    body.requestId = request.id || undefined;
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    if (!httpAdapter.isHeadersSent(response)) {
      // a body refused part-way (an upload over its limit) is answered now; what the client still
      // sends is read and dropped, because closing on unread data resets the connection and the
      // client may lose the answer (Node's requestTimeout bounds a body that never ends)
      if (body.statusCode === 413 && request.raw?.complete === false) request.raw.resume?.();
      // every 429 says when to come back (the rate limiter sets the exact figure)
      if (body.statusCode === 429 && !httpAdapter.getHeader(response, 'retry-after'))
        httpAdapter.setHeader(response, 'Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
      httpAdapter.reply(response, body, body.statusCode);
    } else httpAdapter.end(response);
  }

  /** A repeat of an Idempotency-Key request: the first answer again (see common/idempotency.ts). */
  private replay(answer: IdempotentReplay, response: unknown): void {
    const { httpAdapter } = this.adapterHost;
    if (httpAdapter.isHeadersSent(response)) {
      httpAdapter.end(response);
      return;
    }
    httpAdapter.setHeader(response, 'Idempotent-Replayed', 'true');
    if (answer.body !== null) httpAdapter.setHeader(response, 'Content-Type', 'application/json; charset=utf-8');
    httpAdapter.reply(response, answer.body ?? undefined, answer.status);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const { fields, ...details } = exception.details;
      return {
        statusCode: STATUS_BY_KIND[exception.kind],
        code: exception.code,
        message: exception.message,
        ...(fields ? { fields } : {}),
        ...(Object.keys(details).length ? { details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const fallback = HTTP_DEFAULTS[status] ?? { code: `HTTP_${status}`, message: '请求失败' };
      if (typeof response === 'object' && response !== null && 'code' in response) {
        return { ...fallback, ...(response as Partial<ErrorBody>), statusCode: status };
      }
      const fastifyError = typeof response === 'string' ? FASTIFY_ERRORS_BY_MESSAGE.get(response) : undefined;
      if (fastifyError) return { statusCode: status, ...fastifyError };
      return { statusCode: status, ...fallback };
    }
    // other framework errors carry a status of their own
    const err = exception as { status?: number; statusCode?: number };
    const status = err?.status ?? err?.statusCode;
    if (status && status >= 400 && status < 500) {
      return { statusCode: status, ...(HTTP_DEFAULTS[status] ?? { code: `HTTP_${status}`, message: '请求失败' }) };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, ...HTTP_DEFAULTS[500] };
  }
}
