import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import helmet from 'helmet';

/** X-Request-Id values we accept from a caller (anything else gets a fresh UUID). */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

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
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
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
