/**
 * Issue 15, attachments: the stored and served name takes its extension from the detected type,
 * control and bidi characters are stripped, and Content-Type is always the detected type.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf } from '@luoshi/domain/reports';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';
import { createTask } from './support/task-factories';

jest.setTimeout(60_000);

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(64)]);

describe('attachment names and types (e2e)', () => {
  let t: TestApp;
  let dir: string;
  let token: string;
  let reportId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'luoshi-attachment-names-'));
    t = await createTestApp({ ATTACHMENT_DIR: dir });
    const unit = await createUnit(t.db, { name: '区发展改革局' });
    token = await loginAs(t, await createUser(t.db, 'bureau', unit));
    const { taskId } = await createTask(t.db, { leadUnitId: unit.id, evidenceRequired: true });
    const period = periodOf('monthly', shanghaiDate(new Date()));
    reportId = (await t.http.put(`/tasks/${taskId}/reports/${period}`).auth(token, { type: 'bearer' }).send({ text: '本期进展' }).expect(200)).body.id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (content: Buffer, name: string) =>
    t.http.post(`/reports/${reportId}/attachments`).auth(token, { type: 'bearer' }).attach('file', content, name);
  const download = (id: string) =>
    t.http
      .get(`/attachments/${id}`)
      .auth(token, { type: 'bearer' })
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  it('a PDF named evil.html is stored and served as evil.pdf, application/pdf, no-store', async () => {
    const res = await upload(PDF, 'evil.html').expect(201);
    expect(res.body).toMatchObject({ fileName: 'evil.pdf', mediaType: 'application/pdf' });
    const [row] = await t.db.query('SELECT original_name, media_type FROM attachment WHERE id = $1', [res.body.id]);
    expect(row).toEqual({ original_name: 'evil.pdf', media_type: 'application/pdf' });
    const served = await download(res.body.id).expect(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['content-disposition']).toBe(`attachment; filename="evil.pdf"; filename*=UTF-8''evil.pdf`);
    expect(served.headers['cache-control']).toBe('no-store');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(served.body as Buffer, PDF)).toBe(0);
  });

  it('a ZIP named tool.jar is refused (415), nothing stored', async () => {
    const zip = new JSZip();
    zip.file('Main.class', 'cafebabe');
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    const before = (await t.db.query('SELECT count(*)::int AS n FROM attachment'))[0].n;
    const res = await upload(bytes, 'tool.jar').expect(415);
    expect(res.body).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', details: { detected: 'application/zip' } });
    expect((await t.db.query('SELECT count(*)::int AS n FROM attachment'))[0].n).toBe(before);
  });

  it('a right-to-left override and other control characters are stripped; the extension is the detected one', async () => {
    const res = await upload(PDF, '日本語\u202eFDP.exe').expect(201);
    expect(res.body.fileName).toBe('日本語FDP.pdf');
    const isolated = await upload(PNG, '\u2067报告\u2069\u200f截图\u0007.pdf').expect(201);
    expect(isolated.body).toMatchObject({ fileName: '报告截图.png', mediaType: 'image/png' });
    const served = await download(isolated.body.id).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('报告截图.png')}`);
    // a name with nothing left gets a generic one
    expect((await upload(PDF, '\u202e\u202d').expect(201)).body.fileName).toBe('附件.pdf');
    expect((await upload(PDF, 'C:\\\\Users\\\\x\\\\scan').expect(201)).body.fileName).toBe('scan.pdf');
  });
});
