import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf } from '@luoshi/domain/reports';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';
import { createTask } from './support/task-factories';

interface Entry {
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string | null;
  outcome: 'ok' | 'refused';
  actorUserId: string | null;
  actorUnitId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

interface HistoryPage {
  items: Entry[];
  total: number;
  page: number;
  pageSize: number;
}

const MAX_BYTES = 64 * 1024;
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(64)]);
/** a Windows executable named .pdf */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(4096, 0x41)]);
/** looks like a PDF, but over the limit */
const OVERSIZED = Buffer.concat([PDF, Buffer.alloc(MAX_BYTES * 2, 0x20)]);
const SHANGHAI_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;

/**
 * GET /tasks/:id/history over HTTP: every kind of change that concerns the task (publishing,
 * sign-for, report writes and reviews, attachments, batch reports) and every refused attempt
 * (for the office), in order, a page at a time, in Shanghai time; and what users typed stays
 * inside the entry it was typed into.
 */
describe('task history (e2e)', () => {
  let t: TestApp;
  let dir: string;
  let leadUnit: string;
  let coUnit: string;
  let lead: { id: string };
  let co: { id: string };
  let tokens: { lead: string; co: string; office: string; leader: string };
  const period = () => periodOf('monthly', shanghaiDate(new Date()));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'luoshi-history-'));
    t = await createTestApp({ ATTACHMENT_DIR: dir, ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
    leadUnit = (await createUnit(t.db, { name: '区发展改革局' })).id;
    coUnit = (await createUnit(t.db, { name: '区财政局' })).id;
    lead = await createUser(t.db, 'bureau', leadUnit);
    co = await createUser(t.db, 'bureau', coUnit);
    tokens = {
      lead: await loginAs(t, lead),
      co: await loginAs(t, co),
      office: await loginAs(t, await createUser(t.db, 'office')),
      leader: await loginAs(t, await createUser(t.db, 'leader')),
    };
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = (token: string) => clientAs(t, token);
  const upload = (token: string, reportId: string, content: Buffer, name: string) =>
    t.http.post(`/reports/${reportId}/attachments`).auth(token, { type: 'bearer' }).attach('file', content, name);
  const history = async (token: string, taskId: string, query: Record<string, number> = { pageSize: 100 }): Promise<HistoryPage> =>
    (await as(token).get(`/tasks/${taskId}/history`).query(query).expect(200)).body as HistoryPage;
  const summary = (entries: Entry[]) => entries.map((e) => `${e.action}${e.outcome === 'refused' ? `!${String(e.after?.code)}` : ''}`);

  describe('a task from publishing to an accepted report', () => {
    let taskId: string;
    let secondTaskId: string;
    let office: HistoryPage;

    beforeAll(async () => {
      // a draft document with two tasks of one measure; the office publishes it (交办)
      const first = await createTask(t.db, { leadUnitId: leadUnit, coUnitIds: [coUnit], published: false });
      const second = await createTask(t.db, {
        leadUnitId: leadUnit,
        coUnitIds: [coUnit],
        published: false,
        measureId: first.measureId,
        documentId: first.documentId,
      });
      taskId = first.taskId;
      secondTaskId = second.taskId;
      await as(tokens.office).post(`/documents/${first.documentId}/publish`).expect(200);
      await as(tokens.lead).post(`/tasks/${taskId}/sign`).expect(200);

      const path = `/tasks/${taskId}/reports/${period()}`;
      const draft = await as(tokens.lead).put(path, { text: '本月完成项目调度。', percent: 30 }).expect(200);
      const reportId = draft.body.id as string;
      await upload(tokens.lead, reportId, PDF, '佐证材料.pdf').expect(201);
      expect((await upload(tokens.lead, reportId, EXE, '伪装.pdf').expect(415)).body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
      expect((await upload(tokens.lead, reportId, OVERSIZED, '太大.pdf').expect(413)).body.code).toBe('ATTACHMENT_TOO_LARGE');
      const png = await upload(tokens.lead, reportId, PNG, '多余的图.png').expect(201);
      await as(tokens.lead).delete(`/attachments/${png.body.id}`).expect(204);
      const submitted = await as(tokens.lead).post(`${path}/submit`, { version: draft.body.version }).expect(200);
      // the attachments of a submitted report cannot change any more: refused, audited
      expect((await upload(tokens.lead, reportId, PDF, '迟到的.pdf').expect(409)).body.code).toBe('REPORT_NOT_EDITABLE');
      const returned = await as(tokens.office)
        .post(`/reports/${reportId}/return`, { version: submitted.body.version, comment: '请补充资金到位情况' })
        .expect(200);
      const resubmitted = await as(tokens.lead)
        .post(`${path}/submit`, { version: returned.body.version, text: '已补充资金到位情况。', percent: 40 })
        .expect(200);
      await as(tokens.office).post(`/reports/${reportId}/accept`, { version: returned.body.version }).expect(409);
      await as(tokens.office).post(`/reports/${reportId}/accept`, { version: resubmitted.body.version }).expect(200);

      // the co-responsible unit reports both tasks in one batch; the lead unit's batch is refused
      // (its report of this task is accepted already)
      await as(tokens.co)
        .post('/reports/batch', { text: '配合推进两项任务。', items: [{ taskId }, { taskId: secondTaskId }] })
        .expect(200);
      await as(tokens.lead)
        .post('/reports/batch', { text: '再报一次。', items: [{ taskId, version: 4 }, { taskId: secondTaskId }] })
        .expect(409);

      office = await history(tokens.office, taskId);
    });

    it('shows the office every change and every refused attempt, in order', () => {
      expect(summary(office.items)).toEqual([
        'document.publish',
        'task.sign',
        'report.create',
        'attachment.upload',
        'attachment.upload!ATTACHMENT_TYPE_NOT_ALLOWED',
        'attachment.upload!ATTACHMENT_TOO_LARGE',
        'attachment.upload',
        'attachment.delete',
        'report.submit',
        'attachment.upload!REPORT_NOT_EDITABLE',
        'report.return',
        'report.submit',
        'report.accept!VERSION_CONFLICT',
        'report.accept',
        'report.submit', // the co-responsible unit's part, written by its batch
        'report.batch_submit',
        'report.batch_submit!REPORT_NOT_EDITABLE',
      ]);
      const ids = office.items.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(office).toMatchObject({ total: 17, page: 1, pageSize: 100 });
      // who, which unit, what before and after, which request
      const returned = office.items.find((e) => e.action === 'report.return')!;
      expect(returned).toMatchObject({
        actorUnitId: null,
        before: expect.objectContaining({ status: 'submitted' }),
        after: expect.objectContaining({ status: 'returned', reviewComment: '请补充资金到位情况' }),
      });
      const refusedUpload = office.items.find((e) => e.after?.code === 'ATTACHMENT_TOO_LARGE')!;
      expect(refusedUpload).toMatchObject({
        actorUserId: lead.id,
        actorUnitId: leadUnit,
        entityType: 'attachment',
        after: expect.objectContaining({ taskId }),
      });
      expect(office.items.every((e) => typeof e.requestId === 'string' && e.requestId.length > 0)).toBe(true);
    });

    it('writes every time in Shanghai time with its offset, the same instant as stored', async () => {
      const stored: { id: string; at: Date }[] = await t.db.query(`SELECT id::text, at FROM audit_log WHERE id = ANY($1::bigint[])`, [
        office.items.map((e) => e.id),
      ]);
      const byId = new Map(stored.map((r) => [r.id, r.at.getTime()]));
      for (const entry of office.items) {
        expect(entry.at).toMatch(SHANGHAI_TIMESTAMP);
        expect(new Date(entry.at).getTime()).toBe(byId.get(entry.id));
      }
    });

    it('pages the history in order: page 2, and a page past the end', async () => {
      const second = await history(tokens.office, taskId, { page: 2, pageSize: 5 });
      expect(second).toMatchObject({ total: 17, page: 2, pageSize: 5 });
      expect(second.items.map((e) => e.id)).toEqual(office.items.slice(5, 10).map((e) => e.id));
      const last = await history(tokens.office, taskId, { page: 4, pageSize: 5 });
      expect(last.items.map((e) => e.id)).toEqual(office.items.slice(15).map((e) => e.id));
      expect(await history(tokens.office, taskId, { page: 5, pageSize: 5 })).toEqual({ items: [], total: 17, page: 5, pageSize: 5 });
      const defaults = await history(tokens.office, taskId, {});
      expect(defaults).toMatchObject({ total: 17, page: 1, pageSize: 20 });
      expect((await as(tokens.office).get(`/tasks/${taskId}/history`).query({ pageSize: 101 }).expect(400)).body.fields).toEqual([
        expect.objectContaining({ field: 'pageSize', code: 'MAX' }),
      ]);
    });

    it('shows leaders the refused attempts too; the lead unit only accepted changes, of every unit', async () => {
      expect(summary((await history(tokens.leader, taskId)).items)).toEqual(summary(office.items));
      const bureau = await history(tokens.lead, taskId);
      expect(bureau.items.every((e) => e.outcome === 'ok')).toBe(true);
      expect(summary(bureau.items)).toEqual(summary(office.items.filter((e) => e.outcome === 'ok')));
      expect(bureau.total).toBe(12);
      // the batch as this task's history shows it to a bureau: this task's part only
      const batch = bureau.items.find((e) => e.action === 'report.batch_submit')!;
      expect(batch.after).toMatchObject({ taskIds: [taskId], reportIds: [expect.any(String)] });
      expect(JSON.stringify(bureau)).not.toContain(secondTaskId);
    });

    it('shows a co-responsible unit its own report part only, as its report list does', async () => {
      const coReports = (await as(tokens.co).get(`/tasks/${taskId}/reports`).expect(200)).body.items as { id: string }[];
      const coHistory = await history(tokens.co, taskId);
      expect(summary(coHistory.items)).toEqual(['document.publish', 'task.sign', 'report.submit', 'report.batch_submit']);
      expect(coHistory.items[2]).toMatchObject({ entityId: coReports[0].id, actorUnitId: coUnit });
      expect(coHistory.items.filter((e) => e.entityType === 'attachment')).toEqual([]);
    });

    it('refuses other units and anonymous callers', async () => {
      const other = await createUnit(t.db, { name: '区审计局' });
      const otherToken = await loginAs(t, await createUser(t.db, 'bureau', other.id));
      expect((await as(otherToken).get(`/tasks/${taskId}/history`).expect(404)).body.code).toBe('TASK_NOT_FOUND');
      await t.http.get(`/tasks/${taskId}/history`).expect(401);
    });
  });

  describe('text users typed', () => {
    const TYPED = [
      '本月完成。',
      '"},{"action":"task.complete","outcome":"ok","requestId":"forged-request-id"},{"x":"',
      '{"action":"task.transition","after":{"state":"completed"}}',
      "'); INSERT INTO audit_log (action, entity_type) VALUES ('task.complete', 'task'); --",
      '\\"\r\n\t\u2028完成',
    ].join('\n');

    it('stays verbatim inside the entry it was typed into and creates no entry of its own', async () => {
      const { taskId } = await createTask(t.db, { leadUnitId: leadUnit });
      const path = `/tasks/${taskId}/reports/${period()}`;
      const draft = await as(tokens.lead)
        .put(path, { text: TYPED, problems: TYPED, nextSteps: TYPED, milestone: '"requestId":"forged-request-id"' })
        .expect(200);
      const submitted = await as(tokens.lead).post(`${path}/submit`, { version: draft.body.version }).expect(200);
      await as(tokens.office).post(`/reports/${draft.body.id}/return`, { version: submitted.body.version, comment: TYPED }).expect(200);
      // a body cannot name the request, the actor or the outcome
      const smuggled = await as(tokens.lead).post(`${path}/submit`, { version: 3, requestId: 'forged-request-id', outcome: 'ok' }).expect(400);
      expect(smuggled.body.fields.map((f: { code: string }) => f.code)).toEqual(['FIELD_NOT_ALLOWED', 'FIELD_NOT_ALLOWED']);

      const page = await history(tokens.office, taskId);
      expect(summary(page.items)).toEqual(['report.create', 'report.submit', 'report.return']);
      expect(page.total).toBe(3);
      const [created, , returned] = page.items;
      expect(created.after).toMatchObject({ text: TYPED, problems: TYPED, nextSteps: TYPED, milestone: '"requestId":"forged-request-id"' });
      expect(returned.after).toMatchObject({ reviewComment: TYPED });
      for (const entry of page.items) {
        expect(entry.requestId).not.toBe('forged-request-id');
        expect(entry.at).toMatch(SHANGHAI_TIMESTAMP);
      }
      const forged = await t.db.query(`SELECT id FROM audit_log WHERE action = 'task.complete' OR request_id = 'forged-request-id'`);
      expect(forged).toEqual([]);
      const rows: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 OR entity_id IN (SELECT id::text FROM progress_report WHERE task_id = $1::uuid)`,
        [taskId],
      );
      expect(rows[0].n).toBe(3);
    });
  });
});
