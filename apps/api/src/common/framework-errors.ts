import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './error-body';

/**
 * Refusals made by Fastify or Node's HTTP parser before a route runs, in the documented error
 * shape with a Chinese message (they used to answer in Fastify's English shape).
 */
const FRAMEWORK_REFUSALS: Record<string, { statusCode: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { statusCode: 400, code: 'BAD_URL', message: '请求地址格式不正确' },
  FST_ERR_MAX_PARAM_LENGTH: { statusCode: 414, code: 'URL_TOO_LONG', message: '请求地址过长' },
  FST_ERR_ASYNC_CONSTRAINT: { statusCode: 400, code: 'BAD_REQUEST', message: '请求格式不正确' },
  HPE_HEADER_OVERFLOW: { statusCode: 431, code: 'HEADERS_TOO_LARGE', message: '请求头或请求地址过长' },
  HPE_INVALID_CONTENT_LENGTH: { statusCode: 400, code: 'BAD_CONTENT_LENGTH', message: '请求头 Content-Length 不正确' },
  HPE_UNEXPECTED_CONTENT_LENGTH: { statusCode: 400, code: 'BAD_CONTENT_LENGTH', message: '请求头 Content-Length 不正确' },
  ERR_HTTP_REQUEST_TIMEOUT: { statusCode: 408, code: 'REQUEST_TIMEOUT', message: '请求超时，请重试' },
};
const MALFORMED_REQUEST = { statusCode: 400, code: 'MALFORMED_REQUEST', message: '请求格式不正确' };

export function frameworkRefusal(code: string | undefined, requestId: string): ErrorBody {
  return { ...(FRAMEWORK_REFUSALS[code ?? ''] ?? MALFORMED_REQUEST), requestId };
}

/** Fastify's `frameworkErrors` option: bad URLs and router refusals, before any hook. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const body = frameworkRefusal(error.code, String(request.id));
  void reply.code(body.statusCode).header('Cache-Control', 'no-store').header('X-Request-Id', String(request.id)).send(body);
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request (oversized URL or
 * headers, malformed Content-Length, …), so there is no request object and the answer is written
 * to the socket by hand, as Fastify's default handler does.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const body = frameworkRefusal(err.code, randomUUID());
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `Cache-Control: no-store\r\nX-Request-Id: ${body.requestId}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(err);
}
