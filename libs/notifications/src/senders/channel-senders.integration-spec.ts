import { loadConfig, ManualClock } from '@luoshi/infra';
import { HttpReceiver } from '../../../../test/support/http-receiver';
import { SmtpReceiver } from '../../../../test/support/smtp-receiver';
import type { RenderedMessage } from '../message';
import { formatMessage } from '../templates';
import { createChannelSenders } from './channel-senders';
import { createWebhookSecret } from './webhook.sender';

describe('ChannelSenders: every channel behind one send, configured from the environment', () => {
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  const clock = new ManualClock('2022-11-30T01:00:00Z');
  const message = formatMessage({ kind: 'task.assigned', title: '新交办任务：实施方案汇编', paragraphs: ['请及时签收。'] });

  beforeAll(async () => {
    [http, smtp] = await Promise.all([HttpReceiver.start(), SmtpReceiver.start()]);
  });
  afterAll(async () => {
    await Promise.all([http.close(), smtp.close()]);
  });

  it('routes each target to its channel (in-app, email, WeCom, DingTalk, webhook)', async () => {
    const config = loadConfig({
      SMTP_URL: smtp.url,
      SMTP_FROM: 'noreply@luoshi.test',
      WECOM_BASE_URL: http.url,
      DINGTALK_BASE_URL: http.url,
      CHANNEL_TIMEOUT_MS: '2000',
      OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    });
    const stored: { recipient: unknown; message: RenderedMessage; key: string }[] = [];
    const senders = createChannelSenders(config, {
      clock,
      inbox: { store: (recipient, m, key) => Promise.resolve(void stored.push({ recipient, message: m, key })) },
    });
    const results = [
      await senders.send({ target: { channel: 'in_app', userId: null, unitId: 'u1' }, message, idempotencyKey: 'k-inapp' }),
      await senders.send({ target: { channel: 'email', address: 'a@district.test' }, message, idempotencyKey: 'k-mail' }),
      await senders.send({ target: { channel: 'wecom', webhookKey: 'wk' }, message, idempotencyKey: 'k-wecom' }),
      await senders.send({ target: { channel: 'dingtalk', accessToken: 'dt', secret: 'SECx' }, message, idempotencyKey: 'k-ding' }),
      await senders.send({ target: { channel: 'webhook', url: `${http.url}/hook`, secret: createWebhookSecret() }, message, idempotencyKey: 'k-hook' }),
    ];
    senders.close();
    expect(results.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
    expect(stored).toEqual([{ recipient: { userId: null, unitId: 'u1' }, message, key: 'k-inapp' }]);
    expect(smtp.mails.map((m) => m.header('message-id'))).toEqual(['<k-mail@luoshi.test>']);
    expect(http.requests.map((r) => new URL(r.url, http.url).pathname)).toEqual(['/cgi-bin/webhook/send', '/robot/send', '/hook']);
  });

  it('a channel without configuration fails for good; a failing inbox is transient', async () => {
    const senders = createChannelSenders(loadConfig({}), { clock, inbox: { store: async () => Promise.reject(new Error('connection lost')) } });
    expect(senders.has('email')).toBe(false);
    expect(await senders.send({ target: { channel: 'email', address: 'a@district.test' }, message, idempotencyKey: 'k' })).toEqual({
      status: 'permanent',
      error: 'channel email is not configured',
    });
    expect(await senders.send({ target: { channel: 'in_app', userId: 'x', unitId: null }, message, idempotencyKey: 'k' })).toEqual({
      status: 'transient',
      error: 'inbox: connection lost',
    });
  });

  it('validates the channel variables at start-up', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL must be an smtp/);
    expect(() => loadConfig({ WECOM_BASE_URL: 'not a url' })).toThrow(/WECOM_BASE_URL/);
    expect(() => loadConfig({ ROBOT_RATE_LIMIT_PER_MINUTE: '21' })).toThrow(/ROBOT_RATE_LIMIT_PER_MINUTE/);
    const defaults = loadConfig({});
    expect([defaults.WECOM_BASE_URL, defaults.DINGTALK_BASE_URL, defaults.DELIVERY_MAX_ATTEMPTS, defaults.ROBOT_RATE_LIMIT_PER_MINUTE]).toEqual([
      'https://qyapi.weixin.qq.com',
      'https://oapi.dingtalk.com',
      8,
      20,
    ]);
    expect(loadConfig({ SMTP_URL: 'smtps://user:p%40ss@mail.example.gov.cn:465' }).SMTP_URL).toBe('smtps://user:p%40ss@mail.example.gov.cn:465');
  });
});
