import { QUEUES } from '@luoshi/jobs';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, tokensFor } from './support/factories';

describe('delivery settings and oversight (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let tokens: { office: string; a: string; leader: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区商务局' })).id;
    tokens = await tokensFor(t, { a: unitA });
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);

  it('the office sets a unit DingTalk robot; the secret is write-only (never in responses nor the audit trail) and kept on update', async () => {
    const put = await as(tokens.office)
      .put(`/units/${unitA}/channels/dingtalk`, { address: 'dingtalk-access-token-0001', secret: 'SECabcdef0123456789' })
      .expect(200);
    expect(put.body).toMatchObject({ unitId: unitA, channel: 'dingtalk', address: '****0001', hasSecret: true, enabled: true });
    expect(JSON.stringify(put.body)).not.toContain('SECabcdef');
    expect(JSON.stringify(put.body)).not.toContain('dingtalk-access-token');

    // an update without a secret keeps the one stored
    await as(tokens.office).put(`/units/${unitA}/channels/dingtalk`, { address: 'dingtalk-access-token-0002', enabled: false }).expect(200);
    expect(await t.db.query(`SELECT address, secret, enabled FROM unit_channel WHERE unit_id = $1`, [unitA])).toEqual([
      { address: 'dingtalk-access-token-0002', secret: 'SECabcdef0123456789', enabled: false },
    ]);

    const list = await as(tokens.office).get(`/units/${unitA}/channels`).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ channel: 'dingtalk', address: '****0002', hasSecret: true, enabled: false })]);

    const audit = await t.db.query(`SELECT before, after FROM audit_log WHERE action = 'unit.channel.update' AND entity_id = $1 ORDER BY id`, [unitA]);
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('SECabcdef');
    expect(audit[0].after).toMatchObject({ channel: 'dingtalk', hasSecret: true, secretChanged: true });
    expect(audit[1].after).toMatchObject({ enabled: false, secretChanged: false });
  });

  it('refuses incomplete settings field by field and writes nothing', async () => {
    const unit = (await createUnit(t.db)).id;
    const res = await as(tokens.office).put(`/units/${unit}/channels/webhook`, { address: 'ftp://sms.example', secret: 'short-secret' }).expect(400);
    expect(res.body.code).toBe('UNIT_CHANNEL_INVALID');
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['address', 'secret']);
    expect(await t.db.query(`SELECT * FROM unit_channel WHERE unit_id = $1`, [unit])).toEqual([]);

    const extra = await as(tokens.office).put(`/units/${unit}/channels/wecom`, { address: 'wecom-robot-key-1', token: 'x' }).expect(400);
    expect(extra.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'token' })]));
    await as(tokens.office).put(`/units/${unit}/channels/sms`, { address: 'x' }).expect(400);
    await as(tokens.a).put(`/units/${unitA}/channels/wecom`, { address: 'wecom-robot-key-1' }).expect(403);
  });

  it('refuses a webhook pointing inside the network or carrying credentials (422, field-level Chinese message), unless allow-listed', async () => {
    const unit = (await createUnit(t.db)).id;
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    for (const [address, code] of [
      ['http://169.254.169.254/latest/meta-data/', 'OUTBOUND_URL_PRIVATE'],
      ['http://10.20.30.40/hook', 'OUTBOUND_URL_PRIVATE'],
      ['http://[::1]:8080/hook', 'OUTBOUND_URL_PRIVATE'],
      ['http://127.0.0.2/hook', 'OUTBOUND_URL_PRIVATE'],
      ['https://gateway:p4ss@93.184.216.34/hook', 'OUTBOUND_URL_CREDENTIALS'],
    ]) {
      const res = await as(tokens.office).put(`/units/${unit}/channels/webhook`, { address, secret }).expect(422);
      expect([address, res.body.code]).toEqual([address, code]);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'address', code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) })]);
    }
    expect(await t.db.query(`SELECT * FROM unit_channel WHERE unit_id = $1`, [unit])).toEqual([]);
    // the tests' OUTBOUND_ALLOW_HOSTS names 127.0.0.1 (their local receivers); a public address needs nothing
    await as(tokens.office).put(`/units/${unit}/channels/webhook`, { address: 'http://127.0.0.1:9/hook', secret }).expect(200);
    await as(tokens.office).put(`/units/${unit}/channels/webhook`, { address: 'https://93.184.216.34/hook', secret }).expect(200);
  });

  it('a user opts in to email only with an address on the account (422 otherwise); in-app is always on', async () => {
    expect((await as(tokens.a).get('/me/notification-preferences').expect(200)).body).toEqual({ inApp: true, email: false, emailAddress: null });
    const refused = await as(tokens.a).put('/me/notification-preferences', { email: true }).expect(422);
    expect(refused.body.code).toBe('EMAIL_ADDRESS_MISSING');

    const user = await createUser(t.db, 'bureau', unitA);
    await t.db.query(`UPDATE app_user SET email = 'zhang@shangwu.example' WHERE id = $1`, [user.id]);
    const token = await loginAs(t, user);
    const ok = await as(token).put('/me/notification-preferences', { email: true }).expect(200);
    expect(ok.body).toEqual({ inApp: true, email: true, emailAddress: 'zhang@shangwu.example' });

    // the unit's next notification fans out to the in-app inbox and to this user's mail
    const [n] = await t.db.query(
      `INSERT INTO notification (recipient_unit_id, kind, title, body, dedupe_key) VALUES ($1, 'task.added', 't', 'b', 'pref-fanout') RETURNING id`,
      [unitA],
    );
    const { planDeliveries } = await import('@luoshi/core');
    await planDeliveries(t.db, [n.id]);
    const deliveries = await t.db.query(`SELECT channel, recipient FROM notification_delivery WHERE notification_id = $1 ORDER BY channel`, [n.id]);
    expect(deliveries).toEqual([
      { channel: 'email', recipient: `user:${user.id}` },
      { channel: 'in_app', recipient: `unit:${unitA}` },
    ]);
  });

  it('lists failed deliveries with their error for the office, paged, newest first', async () => {
    const unit = (await createUnit(t.db, { name: '区统计局' })).id;
    const [n] = await t.db.query(
      `INSERT INTO notification (recipient_unit_id, kind, title, body, dedupe_key) VALUES ($1, 'reminder.digest', '【到期提醒】3 项任务即将到期', 'b', 'failed-list') RETURNING id`,
      [unit],
    );
    for (let i = 0; i < 3; i += 1) {
      await t.db.query(
        `INSERT INTO notification_delivery (notification_id, channel, recipient, delivery_key, status, attempts, last_error, updated_at)
         VALUES ($1, 'webhook', $2, $3, 'failed', 8, 'HTTP 503 Service Unavailable', $4)`,
        [n.id, `unit:${unit}`, `failed-list|webhook|${i}`, new Date(Date.UTC(2026, 2, 1, 0, i))],
      );
    }
    const page = await as(tokens.office).get('/notifications/deliveries?status=failed&pageSize=2').expect(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0]).toMatchObject({
      channel: 'webhook',
      status: 'failed',
      attempts: 8,
      lastError: 'HTTP 503 Service Unavailable',
      recipientName: '区统计局',
      title: '【到期提醒】3 项任务即将到期',
    });
    expect(page.body.items[0].updatedAt > page.body.items[1].updatedAt).toBe(true);
    await as(tokens.a).get('/notifications/deliveries').expect(403);
    await as(tokens.office).get('/notifications/deliveries?status=lost').expect(400);
  });

  it('shows queue health to the office: queues, their counts and delivery totals', async () => {
    const res = await as(tokens.office).get('/admin/queues').expect(200);
    // every queue of the job contract
    expect(res.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
    expect(res.body.queues[0].counts).toEqual(expect.objectContaining({ waiting: expect.any(Number), failed: expect.any(Number) }));
    expect(res.body.deliveries.failed).toBeGreaterThanOrEqual(3);
    await as(tokens.leader).get('/admin/queues').expect(403);
  });
});
