import { createHmac } from 'node:crypto';
import { ManualClock } from '@luoshi/infra';
import { HttpReceiver } from '../../../../test/support/http-receiver';
import { formatMessage } from '../templates';
import { OutboundUrlPolicy } from '../outbound/outbound-url';
import { postJson } from './http-post';
import { createWebhookSecret, WebhookSender } from './webhook.sender';

/** Standard Webhooks verification written out from the spec, independent of the library that signs. */
function signatureValid(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
    .digest('base64');
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describe('WebhookSender (Standard Webhooks, real HTTP receiver on loopback)', () => {
  let receiver: HttpReceiver;
  const clock = new ManualClock('2022-11-30T01:00:00Z');
  const sender = new WebhookSender({ clock, timeoutMs: 1_000, outbound: new OutboundUrlPolicy('127.0.0.1') });
  const secret = createWebhookSecret();
  const message = formatMessage({
    kind: 'reminder.digest',
    title: '【到期提醒】七网建设',
    paragraphs: ['请于 2022-12-05 前完成。'],
    data: { taskIds: ['t1'] },
  });

  beforeAll(async () => {
    receiver = await HttpReceiver.start();
  });
  afterAll(() => receiver.close());

  it('at send time, a URL the SSRF guard refuses fails for good and nothing is sent (loopback not allow-listed)', async () => {
    receiver.reset({ status: 200, body: 'ok' });
    const guarded = new WebhookSender({ clock, timeoutMs: 1_000, outbound: new OutboundUrlPolicy('') });
    const outcome = await guarded.send({ target: { channel: 'webhook', url: `${receiver.url}/sms`, secret }, message, idempotencyKey: 'dlv_ssrf' });
    expect(outcome).toEqual({ status: 'permanent', error: expect.stringMatching(/^webhook URL refused: host 127\.0\.0\.1 resolves to 127\.0\.0\.1/) });
    const withCredentials = await sender.send({
      target: { channel: 'webhook', url: receiver.url.replace('http://', 'http://u:p@'), secret },
      message,
      idempotencyKey: 'dlv_cred',
    });
    expect(withCredentials).toMatchObject({ status: 'permanent' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('DNS rebinding: a name that resolves to a public address for the check and to loopback at connect is refused, nothing sent', async () => {
    receiver.reset({ status: 200, body: 'ok' });
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const asked: string[] = [];
    const rebinding = new OutboundUrlPolicy('', (host) => {
      asked.push(host);
      return Promise.resolve(answers.shift() ?? ['127.0.0.1']);
    });
    const guarded = new WebhookSender({ clock, timeoutMs: 1_000, outbound: rebinding });
    const port = new URL(receiver.url).port;
    const outcome = await guarded.send({
      target: { channel: 'webhook', url: `http://hooks.example.com:${port}/sms`, secret },
      message,
      idempotencyKey: 'dlv_rebind',
    });
    expect(outcome).toEqual({ status: 'permanent', error: expect.stringContaining('host hooks.example.com resolves to 127.0.0.1') });
    expect(asked).toEqual(['hooks.example.com', 'hooks.example.com']);
    expect(receiver.requests).toHaveLength(0);
  });

  it('a host name is connected to through the guard: localhost is refused unless allow-listed, then delivered', async () => {
    receiver.reset({ status: 200, body: 'ok' }, { status: 200, body: 'ok' });
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    const refused = await new WebhookSender({ clock, timeoutMs: 1_000, outbound: new OutboundUrlPolicy('') }).send({
      target: { channel: 'webhook', url, secret },
      message,
      idempotencyKey: 'dlv_localhost',
    });
    expect(refused).toEqual({ status: 'permanent', error: expect.stringMatching(/^webhook URL refused: host localhost resolves to (127\.0\.0\.1|::1)/) });
    expect(receiver.requests).toHaveLength(0);
    // the connection-time lookup on its own (the send-time check passed, e.g. before the name changed)
    const lookupOnly = new OutboundUrlPolicy('');
    const connected = await postJson(url, {}, '{}', 1_000, clock, lookupOnly.lookup);
    expect(connected).toEqual({ status: 'permanent', error: expect.stringContaining('host localhost resolves to') });
    expect(receiver.requests).toHaveLength(0);
    const allowed = new WebhookSender({ clock, timeoutMs: 1_000, outbound: new OutboundUrlPolicy('localhost') });
    expect(await allowed.send({ target: { channel: 'webhook', url, secret }, message, idempotencyKey: 'dlv_localhost2' })).toMatchObject({
      status: 'delivered',
    });
    expect(receiver.requests).toHaveLength(1);
  });

  it('500 three times then 200: every attempt carries the key as webhook-id and a valid signature of its own time', async () => {
    receiver.reset({ status: 500 }, { status: 500 }, { status: 500 }, { status: 200, body: 'ok' });
    const outcomes = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      outcomes.push(await sender.send({ target: { channel: 'webhook', url: `${receiver.url}/sms`, secret }, message, idempotencyKey: 'dlv_42' }));
      clock.advanceMs(90_000);
    }
    expect(outcomes.map((o) => o.status)).toEqual(['transient', 'transient', 'transient', 'delivered']);
    expect(receiver.requests).toHaveLength(4);
    const timestamps = receiver.requests.map((r) => r.headers['webhook-timestamp']);
    expect(new Set(timestamps).size).toBe(4);
    expect(timestamps[0]).toBe(String(Date.parse('2022-11-30T01:00:00Z') / 1000));
    for (const r of receiver.requests) {
      expect(r.method).toBe('POST');
      expect(r.url).toBe('/sms');
      expect(r.headers['webhook-id']).toBe('dlv_42');
      expect(r.headers['content-type']).toContain('application/json');
      expect(signatureValid(secret, r.headers, r.body)).toBe(true);
      expect(signatureValid(createWebhookSecret(), r.headers, r.body)).toBe(false);
    }
    const body = JSON.parse(receiver.requests[3].body);
    expect(body).toEqual({
      type: 'reminder.digest',
      timestamp: new Date(Date.parse('2022-11-30T01:00:00Z') + 3 * 90_000).toISOString(),
      data: { title: '【到期提醒】七网建设', text: '请于 2022-12-05 前完成。', markdown: message.markdown, details: { taskIds: ['t1'] } },
    });
  });

  it('410 is permanent; 429 and 503 are transient and keep Retry-After (seconds or an HTTP date)', async () => {
    const target = { channel: 'webhook' as const, url: receiver.url, secret };
    receiver.reset({ status: 410 });
    expect(await sender.send({ target, message, idempotencyKey: 'k1' })).toEqual({ status: 'permanent', error: 'HTTP 410' });
    receiver.reset({ status: 429, headers: { 'retry-after': '120' } });
    expect(await sender.send({ target, message, idempotencyKey: 'k2' })).toEqual({ status: 'transient', error: 'HTTP 429', retryAfterMs: 120_000 });
    receiver.reset({ status: 503, headers: { 'retry-after': new Date(clock.now().getTime() + 30_000).toUTCString() } });
    expect(await sender.send({ target, message, idempotencyKey: 'k3' })).toEqual({ status: 'transient', error: 'HTTP 503', retryAfterMs: 30_000 });
    receiver.reset({ status: 400 });
    expect((await sender.send({ target, message, idempotencyKey: 'k4' })).status).toBe('permanent');
  });

  it('no answer within the timeout, or nobody listening, is transient', async () => {
    receiver.reset({ hang: true });
    const quick = new WebhookSender({ clock, timeoutMs: 200, outbound: new OutboundUrlPolicy('127.0.0.1') });
    expect(await quick.send({ target: { channel: 'webhook', url: receiver.url, secret }, message, idempotencyKey: 'k5' })).toEqual({
      status: 'transient',
      error: 'timeout: no answer in time',
    });
    const closed = await HttpReceiver.start();
    const url = closed.url;
    await closed.close();
    const refused = await sender.send({ target: { channel: 'webhook', url, secret }, message, idempotencyKey: 'k6' });
    expect(refused.status).toBe('transient');
    expect(refused.status === 'transient' && refused.error).toContain('ECONNREFUSED');
  });

  it('a secret that is not whsec_<base64> fails for good without sending', async () => {
    receiver.reset();
    const outcome = await sender.send({ target: { channel: 'webhook', url: receiver.url, secret: 'whsec_***not base64***' }, message, idempotencyKey: 'k7' });
    expect(outcome.status).toBe('permanent');
    expect(receiver.requests).toHaveLength(0);
  });
});
