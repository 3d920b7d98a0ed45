import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf } from '@luoshi/domain/reports';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';
import { createTask } from './support/task-factories';

const period = () => periodOf('monthly', shanghaiDate(new Date()));

/** a minimal but well-formed one-page PDF */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** the start of a Windows executable (MZ header + PE stub), named .pdf */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(4096, 0x41)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(64)]);

describe('report attachments (e2e)', () => {
  let t: TestApp;
  let dir: string;
  let leadToken: string;
  let coToken: string;
  let otherToken: string;
  let officeToken: string;
  let leaderToken: string;
  let taskId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'luoshi-attachments-'));
    t = await createTestApp({ ATTACHMENT_DIR: dir, ATTACHMENT_MAX_BYTES: String(20 * 1024 * 1024) });
    const lead = await createUnit(t.db, { name: '区发展改革局' });
    const co = await createUnit(t.db, { name: '区财政局' });
    const other = await createUnit(t.db, { name: '区审计局' });
    leadToken = await loginAs(t, await createUser(t.db, 'bureau', lead));
    coToken = await loginAs(t, await createUser(t.db, 'bureau', co));
    otherToken = await loginAs(t, await createUser(t.db, 'bureau', other));
    officeToken = await loginAs(t, await createUser(t.db, 'office'));
    leaderToken = await loginAs(t, await createUser(t.db, 'leader'));
    ({ taskId } = await createTask(t.db, { leadUnitId: lead.id, coUnitIds: [co.id], evidenceRequired: true }));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = (token: string) => ({ type: 'bearer' as const, token });
  const draftFor = async (token: string) => {
    const res = await t.http.put(`/tasks/${taskId}/reports/${period()}`).auth(token, { type: 'bearer' }).send({ text: '本期进展' });
    if (res.status === 200) return res.body as { id: string; version: number };
    const existing = await t.http.get(`/tasks/${taskId}/reports/draft`).auth(token, { type: 'bearer' }).expect(200);
    return existing.body.report as { id: string; version: number };
  };
  const upload = (token: string, reportId: string, content: Buffer, name: string) =>
    t.http.post(`/reports/${reportId}/attachments`).auth(auth(token).token, { type: 'bearer' }).attach('file', content, name);
  const attachmentRows = async (reportId: string) =>
    t.db.query<{ id: string; stored_name: string }[]>('SELECT * FROM attachment WHERE report_id = $1', [reportId]);
  const filesOnDisk = () => readdirSync(dir);

  it('accepts a real PDF, records its SHA-256 and streams it back identical with Content-Disposition', async () => {
    const report = await draftFor(leadToken);
    const res = await upload(leadToken, report.id, PDF, '进展佐证材料.pdf').expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      fileName: '进展佐证材料.pdf',
      mediaType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      createdAt: expect.any(String),
    });
    const [row] = await attachmentRows(report.id);
    expect(row.stored_name).toMatch(/^[0-9a-f-]{36}$/);
    expect(filesOnDisk()).toEqual([row.stored_name]);

    const download = await t.http
      .get(`/attachments/${res.body.id}`)
      .auth(leadToken, { type: 'bearer' })
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="______.pdf"; filename*=UTF-8''${encodeURIComponent('进展佐证材料.pdf')}`);
    // the lead unit, the office and leaders read it; the report shows it
    await t.http.get(`/attachments/${res.body.id}`).auth(officeToken, { type: 'bearer' }).expect(200);
    await t.http.get(`/attachments/${res.body.id}`).auth(leaderToken, { type: 'bearer' }).expect(200);
    await t.http.get(`/attachments/${res.body.id}`).auth(otherToken, { type: 'bearer' }).expect(404);
    await t.http.get(`/attachments/${res.body.id}`).expect(401);
    const reports = await t.http.get(`/tasks/${taskId}/reports`).auth(leadToken, { type: 'bearer' }).expect(200);
    expect(reports.body.items[0].attachments).toEqual([expect.objectContaining({ id: res.body.id, fileName: '进展佐证材料.pdf' })]);
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([{ action: 'attachment.upload' }]);
  });

  it('cuts a 25 MB upload off at the limit: 413, no row, no file left behind', async () => {
    const report = await draftFor(coToken);
    const big = Buffer.concat([PDF, Buffer.alloc(25 * 1024 * 1024, 0x20)]);
    const before = filesOnDisk();
    const res = await upload(coToken, report.id, big, 'big.pdf').expect(413);
    expect(res.body.code).toBe('ATTACHMENT_TOO_LARGE');
    expect(await attachmentRows(report.id)).toEqual([]);
    expect(filesOnDisk()).toEqual(before);
  });

  it('answers an oversized upload as soon as it passes the limit, not after the whole body', async () => {
    const report = await draftFor(coToken);
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const boundary = 'luoshi-e2e-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    // 64 MB after the PDF header against a 20 MB limit: more than loopback socket buffers can hide
    const chunks = 256;
    const total = head.length + PDF.length + chunks * chunk.length + tail.length;

    // stream the body with backpressure; note how much of it was sent when the answer came, then stop
    const outcome = await new Promise<{ status: number; body: string; sentWhenAnswered: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/reports/${report.id}/attachments`,
        headers: { authorization: `Bearer ${coToken}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': total },
      });
      req.on('response', (res) => {
        answered = true;
        const sentWhenAnswered = sent;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (part: string) => (body += part));
        res.on('end', () => {
          req.destroy(); // the rest of the body is never sent
          resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered });
        });
      });
      req.on('error', (err) => (answered ? undefined : reject(err)));
      const write = (data: Buffer) =>
        new Promise<void>((drained) => {
          sent += data.length;
          if (req.write(data)) drained();
          else req.once('drain', () => drained());
        });
      void (async () => {
        await write(head);
        await write(PDF);
        for (let i = 0; i < chunks && !answered; i++) await write(chunk);
        if (!answered) req.end(tail);
      })().catch(() => undefined);
    });

    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body).code).toBe('ATTACHMENT_TOO_LARGE');
    // answered while the client was still sending: the server stopped parsing at the limit
    expect(outcome.sentWhenAnswered).toBeLessThan(total / 2);
    expect(await attachmentRows(report.id)).toEqual([]);
    // the server keeps serving after the aborted upload
    await t.http.get(`/tasks/${taskId}/reports`).auth(coToken, { type: 'bearer' }).expect(200);
  });

  it('checks the type by magic bytes: an .exe renamed .pdf is 415 and removed', async () => {
    const report = await draftFor(coToken);
    const before = filesOnDisk();
    const res = await upload(coToken, report.id, EXE, '报告.pdf').expect(415);
    expect(res.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    await upload(coToken, report.id, Buffer.from('just some text'), 'notes.pdf').expect(415);
    expect(await attachmentRows(report.id)).toEqual([]);
    expect(filesOnDisk()).toEqual(before);
    // a PNG named .txt is a PNG
    const png = await upload(coToken, report.id, PNG, 'photo.txt').expect(201);
    expect(png.body.mediaType).toBe('image/png');
  });

  it('lets only the report’s own unit (and the office) change its files, only while it is a draft', async () => {
    const report = await draftFor(coToken);
    const before = await attachmentRows(report.id);
    await upload(otherToken, report.id, PDF, 'x.pdf').expect(404);
    await upload(leadToken, report.id, PDF, 'x.pdf').expect(403); // the lead reads the co-unit's part but does not write it
    await upload(leaderToken, report.id, PDF, 'x.pdf').expect(403);
    expect(await attachmentRows(report.id)).toEqual(before);
    await t.http.post(`/reports/${report.id}/attachments`).auth(coToken, { type: 'bearer' }).send({}).expect(400);

    const mine = await upload(coToken, report.id, PDF, '佐证.pdf').expect(201);
    // the co-unit cannot read the lead's files
    const leadReport = await draftFor(leadToken);
    const [leadFile] = await attachmentRows(leadReport.id);
    await t.http.get(`/attachments/${leadFile.id}`).auth(coToken, { type: 'bearer' }).expect(404);
    await t.http.get(`/attachments/${mine.body.id}`).auth(leadToken, { type: 'bearer' }).expect(200);

    await t.http.delete(`/attachments/${mine.body.id}`).auth(otherToken, { type: 'bearer' }).expect(404);
    await t.http.delete(`/attachments/${mine.body.id}`).auth(leadToken, { type: 'bearer' }).expect(403);
    const stored = (await t.db.query('SELECT stored_name FROM attachment WHERE id = $1', [mine.body.id]))[0].stored_name;
    await t.http.delete(`/attachments/${mine.body.id}`).auth(coToken, { type: 'bearer' }).expect(204);
    expect(filesOnDisk()).not.toContain(stored);
    await t.http.get(`/attachments/${mine.body.id}`).auth(coToken, { type: 'bearer' }).expect(404);

    // evidence attached → no EVIDENCE_MISSING warning on submit; then files are frozen
    const kept = await upload(coToken, report.id, PDF, '最终佐证.pdf').expect(201);
    const current = (await t.http.get(`/reports/${report.id}`).auth(coToken, { type: 'bearer' }).expect(200)).body;
    const submitted = await t.http
      .post(`/tasks/${taskId}/reports/${period()}/submit`)
      .auth(coToken, { type: 'bearer' })
      .send({ version: current.version })
      .expect(200);
    expect(submitted.body.warnings).toEqual([]);
    expect((await t.http.delete(`/attachments/${kept.body.id}`).auth(coToken, { type: 'bearer' }).expect(409)).body.code).toBe('REPORT_NOT_EDITABLE');
    await upload(coToken, report.id, PDF, 'late.pdf').expect(409);
  });
});
