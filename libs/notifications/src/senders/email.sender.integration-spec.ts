import { SmtpReceiver } from '../../../../test/support/smtp-receiver';
import { formatMessage } from '../templates';
import { EmailSender, messageIdFor } from './email.sender';

/** RFC 2047 encoded words (=?UTF-8?B?…?= / ?Q?) back to text; whitespace between adjacent words dropped. */
function decodeHeader(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

describe('EmailSender (real SMTP server on loopback)', () => {
  let smtp: SmtpReceiver;
  let sender: EmailSender;
  const message = formatMessage({
    kind: 'reminder.digest',
    title: '【到期提醒】区发展改革局 3 项任务即将到期',
    paragraphs: ['以下任务即将到期：'],
    sections: [{ heading: '【到期提醒】', items: ['七网建设 <重点>'] }],
  });

  beforeAll(async () => {
    smtp = await SmtpReceiver.start();
    sender = new EmailSender({ smtpUrl: smtp.url, from: '落实系统 <noreply@luoshi.test>', timeoutMs: 2_000 });
  });
  afterAll(async () => {
    sender.close();
    await smtp.close();
  });

  it('accepted: the idempotency key is the Message-ID; subject, text and HTML as rendered', async () => {
    smtp.mode = { accept: true };
    const outcome = await sender.send({ target: { channel: 'email', address: 'fgj@district.test' }, message, idempotencyKey: 'dlv_7.email' });
    expect(outcome.status).toBe('delivered');
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail.to).toEqual(['fgj@district.test']);
    expect(mail.from).toBe('noreply@luoshi.test');
    expect(mail.header('message-id')).toBe('<dlv_7.email@luoshi.test>');
    expect(decodeHeader(mail.header('subject')!)).toBe('【到期提醒】区发展改革局 3 项任务即将到期');
    expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(mail.raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);
  });

  it('the same key sent again carries the same Message-ID (a receiver can drop the duplicate)', async () => {
    smtp.mails.length = 0;
    for (let i = 0; i < 2; i++)
      await sender.send({ target: { channel: 'email', address: 'czj@district.test' }, message, idempotencyKey: 'reminder:t1:due-3:2022-11-30' });
    const ids = smtp.mails.map((m) => m.header('message-id'));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toBe(messageIdFor('reminder:t1:due-3:2022-11-30', 'luoshi.test'));
    expect(ids[0]).toMatch(/^<[0-9a-f]{64}@luoshi\.test>$/);
  });

  it('451 is transient, 550 permanent, each one attempt at the server', async () => {
    smtp.mode = { accept: false, code: 451, message: 'Greylisted, try again later' };
    const before = smtp.attempts;
    const soft = await sender.send({ target: { channel: 'email', address: 'a@district.test' }, message, idempotencyKey: 'k1' });
    expect(soft.status).toBe('transient');
    expect(soft.status === 'transient' && soft.error).toMatch(/^SMTP 451: .*Greylisted/);
    smtp.mode = { accept: false, code: 550, message: 'Mailbox unavailable' };
    const hard = await sender.send({ target: { channel: 'email', address: 'a@district.test' }, message, idempotencyKey: 'k2' });
    expect(hard.status).toBe('permanent');
    expect(hard.status === 'permanent' && hard.error).toMatch(/^SMTP 550: .*Mailbox unavailable/);
    expect(smtp.attempts - before).toBe(2);
    smtp.mode = { accept: true };
  });

  it('no server listening is transient', async () => {
    const gone = await SmtpReceiver.start();
    const url = gone.url;
    await gone.close();
    const orphan = new EmailSender({ smtpUrl: url, from: 'noreply@luoshi.test', timeoutMs: 1_000 });
    const outcome = await orphan.send({ target: { channel: 'email', address: 'a@district.test' }, message, idempotencyKey: 'k3' });
    orphan.close();
    expect(outcome.status).toBe('transient');
    expect(outcome.status === 'transient' && outcome.error).toContain('ECONNREFUSED');
  });
});
