import { Writable } from 'node:stream';
import Fastify, { FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { registerRequestLogging } from './request-logging';

function appWith(fastify: FastifyInstance): Pick<NestFastifyApplication, 'getHttpAdapter'> {
  return { getHttpAdapter: () => ({ getInstance: () => fastify }) } as unknown as Pick<NestFastifyApplication, 'getHttpAdapter'>;
}

async function logged(level: string, requests: { url: string; headers?: Record<string, string> }[], status = 200): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
  const fastify = Fastify({ genReqId: () => 'req-1' });
  registerRequestLogging(appWith(fastify), level, sink);
  fastify.get('/*', (_req, reply) => reply.code(status).send({ ok: true }));
  for (const r of requests) await fastify.inject({ method: 'GET', url: r.url, headers: r.headers });
  await fastify.close();
  return lines.map((line) => JSON.parse(line));
}

describe('request logging', () => {
  it('writes one line per request with id, method, path, status and time, and no headers', async () => {
    const [line, ...rest] = await logged('info', [{ url: '/tasks?page=1', headers: { authorization: 'Bearer secret-token', cookie: 'sid=1' } }]);
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({ level: 30, reqId: 'req-1', req: { method: 'GET', url: '/tasks?page=1' }, res: { statusCode: 200 }, msg: 'request completed' });
    expect(typeof line.responseTime).toBe('number');
    expect(JSON.stringify(line)).not.toMatch(/secret-token|sid=1/);
  });

  it('logs server errors at error level', async () => {
    const [line] = await logged('info', [{ url: '/boom' }], 500);
    expect(line).toMatchObject({ level: 50, res: { statusCode: 500 }, msg: 'request errored' });
  });

  it('skips health probes, and everything below the configured level', async () => {
    expect(await logged('info', [{ url: '/health/live' }])).toEqual([]);
    expect(await logged('warn', [{ url: '/tasks' }])).toEqual([]);
  });
});
