import { createTestApp, TestApp } from './support/test-app';

describe('health and error shape (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports live and ready with Postgres and Redis up', async () => {
    await t.http.get('/health/live').expect(200);
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers unknown routes with the error shape and a request id', async () => {
    const res = await t.http.get('/no-such-route').set('X-Request-Id', 'req-123').expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: '未找到请求的内容', requestId: 'req-123' });
    expect(res.headers['x-request-id']).toBe('req-123');
    // security headers on every response, errors included
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers malformed, empty and oversized JSON bodies with a clear 4xx before any handler runs', async () => {
    const post = (body: string) => t.http.post('/auth/login').set('Content-Type', 'application/json').send(body);
    const malformed = await post('{"username": "office",');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON' });
    const empty = await post('');
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('MALFORMED_JSON');
    const huge = await post(JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    const wrongType = await t.http.post('/auth/login').set('Content-Type', 'application/xml').send('<login/>');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('serves the OpenAPI document and security headers', async () => {
    const res = await t.http.get('/docs/openapi.json').expect(200);
    expect(res.body.info.title).toContain('Luoshi');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
