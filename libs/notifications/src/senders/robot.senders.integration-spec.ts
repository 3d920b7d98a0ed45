import { createHmac } from 'node:crypto';
import { ManualClock } from '@luoshi/infra';
import { HttpReceiver } from '../../../../test/support/http-receiver';
import { formatMessage } from '../templates';
import { DingtalkSender, robotIdOf, truncateUtf8, WecomSender } from './robot.senders';

describe('robot senders (real HTTP receiver on loopback)', () => {
  let receiver: HttpReceiver;
  const clock = new ManualClock('2022-11-30T01:00:00Z');
  const message = formatMessage({ kind: 'reminder.due-soon', title: '【到期提醒】七网建设', paragraphs: ['「七网建设」将于 2022-12-05 到期。'] });

  beforeAll(async () => {
    receiver = await HttpReceiver.start();
  });
  afterAll(() => receiver.close());

  describe('DingTalk, signed mode', () => {
    const secret = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abc';
    const target = { channel: 'dingtalk' as const, accessToken: 'tok-ding', secret };
    const sender = () => new DingtalkSender({ clock, baseUrl: receiver.url, timeoutMs: 1_000 });

    it('signs every attempt at its own time: 500 three times then 200 → four requests, four valid signatures', async () => {
      receiver.reset({ status: 500 }, { status: 500 }, { status: 500 }, { body: { errcode: 0, errmsg: 'ok' } });
      const outcomes = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push((await sender().send({ target, message, idempotencyKey: 'dlv_1' })).status);
        clock.advanceMs(61_000);
      }
      expect(outcomes).toEqual(['transient', 'transient', 'transient', 'delivered']);
      const signs = receiver.requests.map((r) => {
        const url = new URL(r.url, receiver.url);
        expect(url.pathname).toBe('/robot/send');
        expect(url.searchParams.get('access_token')).toBe('tok-ding');
        const timestamp = url.searchParams.get('timestamp')!;
        // DingTalk's documented algorithm, written out independently of the sender
        const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
        expect(url.searchParams.get('sign')).toBe(expected);
        return { timestamp, sign: url.searchParams.get('sign') };
      });
      expect(signs[0].timestamp).toBe(String(Date.parse('2022-11-30T01:00:00Z')));
      expect(new Set(signs.map((s) => s.sign)).size).toBe(4);
      expect(JSON.parse(receiver.requests[0].body)).toEqual({ msgtype: 'markdown', markdown: { title: '【到期提醒】七网建设', text: message.markdown } });
    });

    it('130101 (too fast) → throttled for 10 minutes; 310000 (bad signature / keyword) → permanent; a 200 without errcode JSON → permanent', async () => {
      receiver.reset({ body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } });
      expect(await sender().send({ target, message, idempotencyKey: 'k' })).toEqual({
        status: 'throttled',
        error: 'errcode 130101: send too fast, exceed 20 times per minute',
        retryAfterMs: 600_000,
      });
      receiver.reset({ body: { errcode: 310000, errmsg: 'sign not match' } });
      expect(await sender().send({ target, message, idempotencyKey: 'k' })).toEqual({ status: 'permanent', error: 'errcode 310000: sign not match' });
      receiver.reset({ body: '<html>gateway</html>' });
      expect((await sender().send({ target, message, idempotencyKey: 'k' })).status).toBe('permanent');
    });
  });

  describe('WeCom group robot', () => {
    const target = { channel: 'wecom' as const, webhookKey: 'key-wecom-1' };
    const sender = () => new WecomSender({ clock, baseUrl: receiver.url, timeoutMs: 1_000 });

    it('posts markdown to /cgi-bin/webhook/send?key=…, or text when the target asks for it', async () => {
      receiver.reset();
      expect(await sender().send({ target, message, idempotencyKey: 'k' })).toEqual({ status: 'delivered' });
      expect(await sender().send({ target: { ...target, format: 'text' }, message, idempotencyKey: 'k' })).toEqual({ status: 'delivered' });
      const [md, text] = receiver.requests;
      expect(new URL(md.url, receiver.url).searchParams.get('key')).toBe('key-wecom-1');
      expect(new URL(md.url, receiver.url).pathname).toBe('/cgi-bin/webhook/send');
      expect(JSON.parse(md.body)).toEqual({ msgtype: 'markdown', markdown: { content: message.markdown } });
      expect(JSON.parse(text.body)).toEqual({ msgtype: 'text', text: { content: `【到期提醒】七网建设\n\n「七网建设」将于 2022-12-05 到期。` } });
    });

    it('45009 and HTTP 429 → throttled (pause, attempt not spent); -1 busy and 502 → transient; 93000 bad key, 404 → permanent', async () => {
      const cases: [Parameters<HttpReceiver['reset']>[0], string, number | undefined][] = [
        [{ body: { errcode: 45009, errmsg: 'api freq out of limit' } }, 'throttled', 60_000],
        [{ status: 429, headers: { 'retry-after': '30' } }, 'throttled', 30_000],
        [{ body: { errcode: -1, errmsg: 'system busy' } }, 'transient', undefined],
        [{ status: 502 }, 'transient', undefined],
        [{ body: { errcode: 93000, errmsg: 'invalid webhook url' } }, 'permanent', undefined],
        [{ status: 404 }, 'permanent', undefined],
      ];
      for (const [answer, status, retryAfterMs] of cases) {
        receiver.reset(answer);
        const outcome = await sender().send({ target, message, idempotencyKey: 'k' });
        expect(outcome.status).toBe(status);
        expect('retryAfterMs' in outcome ? outcome.retryAfterMs : undefined).toBe(retryAfterMs);
      }
    });

    it("keeps within WeCom's byte limits without splitting a character", async () => {
      const long = formatMessage({ kind: 'x', title: '长', paragraphs: ['督办'.repeat(2000)] });
      receiver.reset();
      await sender().send({ target: { ...target, format: 'text' }, message: long, idempotencyKey: 'k' });
      const content: string = JSON.parse(receiver.requests[0].body).text.content;
      expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
      expect(content.endsWith('……')).toBe(true);
      expect(truncateUtf8('落实落实', 10)).toBe('落……');
      expect(truncateUtf8('落实落实', 12)).toBe('落实落实');
    });
  });

  it('identifies a robot by a hash of its key, never the key itself', () => {
    const id = robotIdOf({ channel: 'wecom', webhookKey: 'key-wecom-1' })!;
    expect(id).toMatch(/^wecom:[0-9a-f]{24}$/);
    expect(id).not.toContain('key-wecom-1');
    expect(robotIdOf({ channel: 'dingtalk', accessToken: 'a', secret: 's' })).not.toBe(robotIdOf({ channel: 'dingtalk', accessToken: 'b', secret: 's' }));
    expect(robotIdOf({ channel: 'email', address: 'a@b.cn' })).toBeNull();
  });
});
