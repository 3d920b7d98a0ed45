import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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
  // security headers: helmet's middleware, built once (@fastify/helmet rebuilds it per request)
  const securityHeaders = helmet();
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
  return adapter;
}
