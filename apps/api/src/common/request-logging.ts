import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';

/**
 * One JSON line per answered request ("request completed"): request id (as echoed in
 * X-Request-Id), method, path, client address, status and time taken. No headers, so no
 * credential (Authorization, cookies) can reach the log. Health probes are not logged.
 */
export function registerRequestLogging(app: Pick<NestFastifyApplication, 'getHttpAdapter'>, level: string, destination?: pino.DestinationStream): void {
  const logger = pino({ level, base: { pid: process.pid, context: 'http' } }, destination);
  if (!logger.isLevelEnabled('info')) return;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      if (!request.url.startsWith('/health')) {
        const entry = {
          reqId: request.id,
          req: { method: request.method, url: request.url, remoteAddress: request.ip },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        };
        if (reply.statusCode >= 500) logger.error(entry, 'request errored');
        else logger.info(entry, 'request completed');
      }
      done();
    });
}
