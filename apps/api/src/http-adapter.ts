import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import helmet from 'helmet';

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
  const adapter = new FastifyAdapter({
    // the API runs behind a reverse proxy on the same host; only it may set X-Forwarded-For
    trustProxy: 'loopback',
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
  });
  const securityHeaders = helmetHeaders();
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders).header('X-Request-Id', request.id);
    done();
  });
  return adapter;
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
    if (err) throw err;
  });
  return headers;
}
