import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorKind } from '@luoshi/domain/errors';
import type { ErrorBody } from './error-body';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  precondition_required: 428,
};

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

/** Maps every error to the one ErrorBody shape. 500s never expose internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    body.requestId = request.id ? String(request.id) : undefined;
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
    else response.end();
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
        return { ...fallback, ...(response as Partial<ErrorBody>), statusCode: status } as ErrorBody;
      }
      return { statusCode: status, ...fallback };
    }
    // body-parser / multer raise plain errors with a status or a code
    const err = exception as { status?: number; statusCode?: number; code?: string; type?: string };
    if (err?.code === 'LIMIT_FILE_SIZE' || err?.type === 'entity.too.large') return { statusCode: 413, ...HTTP_DEFAULTS[413] };
    if (err?.type === 'entity.parse.failed') return { statusCode: 400, code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON' };
    const status = err?.status ?? err?.statusCode;
    if (status && status >= 400 && status < 500) {
      return { statusCode: status, ...(HTTP_DEFAULTS[status] ?? { code: `HTTP_${status}`, message: '请求失败' }) };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, ...HTTP_DEFAULTS[500] };
  }
}
