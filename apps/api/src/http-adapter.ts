import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { answerClientError, answerFrameworkError } from './common/framework-errors';
import { limitPublicBodies, replaceJsonParser } from './common/json-body';
import { refuseUnstorableText } from './common/text-guard';

/** X-Request-Id values we accept from the reverse proxy (anything else gets a fresh UUID). */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The addresses `trustProxy: 'loopback'` trusts: only the proxy on this host names requests. */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The request id that ties log lines and audit entries to one request. A reverse proxy on this
 * host may pass its own (so its access log and ours agree); a remote client's X-Request-Id is
 * ignored, so nobody can file audit entries under another request's id.
 */
export function requestIdFor(req: Pick<IncomingMessage, 'headers' | 'socket'>): string {
  const given = req.headers['x-request-id'];
  const fromProxy = LOOPBACK.has(req.socket?.remoteAddress ?? '');
  return fromProxy && typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** JSON bodies: the largest legitimate one (an import commit with corrections) is well under this. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The HTTP platform, configured in one place for main.ts, the e2e tests and the benchmark.
 * Fastify rather than Express: on the 2-core target machine an empty Nest route serves ~6× more
 * requests per second on Fastify, which is the headroom the workflow benchmark needs.
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new LuoshiFastifyAdapter({
    // the API runs behind a reverse proxy on the same host; only it may set X-Forwarded-For
    trustProxy: 'loopback',
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // refusals before a route runs come out in the documented error shape, in Chinese
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const instance = adapter.getInstance();
  const securityHeaders = helmetHeaders();
  const apiHeaders = { ...securityHeaders, 'cache-control': 'no-store' };
  instance.addHook('onRequest', (request, reply, done) => {
    // API answers (authenticated data, downloads) are never kept by a browser or shared cache;
    // only the static OpenAPI/Swagger pages may be
    reply.headers(request.url.startsWith('/docs') ? securityHeaders : apiHeaders).header('X-Request-Id', request.id);
    done();
  });
  limitPublicBodies(instance);
  instance.addHook('preValidation', refuseUnstorableText);
  return adapter;
}

/** Nest registers its JSON parser at init; ours (depth limit first, see json-body.ts) replaces it. */
class LuoshiFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    super.registerParserMiddleware(prefix, rawBody);
    replaceJsonParser(this.getInstance());
  }
}

/**
 * The security headers helmet sets with its defaults. They do not depend on the request, so
 * helmet runs once, against a recording response, and each reply gets the recorded set
 * (running helmet's middleware chain per request cost ~4 % of a request's CPU).
 */
export function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error('helmet could not build its headers');
  });
  return headers;
}
