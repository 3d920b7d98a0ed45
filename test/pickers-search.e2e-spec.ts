import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';

const SAMPLES = join(__dirname, '../samples');
const COMPENDIUM = '003_e9b96b9635c13b94.txt';
const YANTAI = '000_356ee75eefd1656e.txt';

interface MeasureItem {
  number: string;
  title: string;
  tasks: { title: string }[];
}

/** The web app's pickers search on the server: `q` on documents and measures, paged; the attachment limits the report form shows. */
describe('picker search and attachment limits (e2e)', () => {
  let t: TestApp;
  let office: string;
  let bureau: string;
  let compendiumId: string;

  const get = (path: string, token = office) => t.http.get(path).set('Authorization', `Bearer ${token}`);
  const importSample = async (name: string): Promise<string> => {
    const preview = await t.http
      .post('/documents/imports')
      .set('Authorization', `Bearer ${office}`)
      .attach('file', readFileSync(join(SAMPLES, name)), name)
      .expect(201);
    const committed = await t.http.post(`/documents/imports/${preview.body.previewId}/commit`).set('Authorization', `Bearer ${office}`).send({}).expect(200);
    return committed.body.documentId as string;
  };

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENT_MAX_BYTES: String(3 * 1024 * 1024) });
    office = await loginAs(t, await createUser(t, { role: 'office' }));
    const unit = await createUnit(t, { name: '区检索测试局' });
    bureau = await loginAs(t, await createUser(t, { role: 'bureau', unitId: unit.id }));
    compendiumId = await importSample(COMPENDIUM);
    await importSample(YANTAI);
  });
  afterAll(() => t.close());

  it('finds documents by a word of the title, paged, and matches % literally', async () => {
    const all = await get('/documents').expect(200);
    expect(all.body.total).toBe(2);
    const found = await get(`/documents?q=${encodeURIComponent('周村')}`).expect(200);
    expect(found.body).toMatchObject({ total: 1, page: 1 });
    expect(found.body.items[0].id).toBe(compendiumId);
    const other = await get(`/documents?q=${encodeURIComponent('烟台')}&pageSize=1`).expect(200);
    expect(other.body.total).toBe(1);
    expect(other.body.items[0].id).not.toBe(compendiumId);
    expect((await get(`/documents?q=${encodeURIComponent('%')}`).expect(200)).body.total).toBe(0);
    // blank is no filter
    expect((await get('/documents?q=%20%20').expect(200)).body.total).toBe(2);
    const tooLong = await get(`/documents?q=${'文'.repeat(101)}`).expect(400);
    expect(tooLong.body.fields[0]).toMatchObject({ field: 'q' });
  });

  it("finds a document's measures by number, title or task title, in document order and paged", async () => {
    const all = (await get(`/documents/${compendiumId}/measures?pageSize=100`).expect(200)).body as { total: number; items: MeasureItem[] };
    expect(all.total).toBeGreaterThan(50);

    const byNumber = (await get(`/documents/${compendiumId}/measures?q=19-&pageSize=100`).expect(200)).body as { total: number; items: MeasureItem[] };
    expect(byNumber.items.map((m) => m.number)).toEqual(expect.arrayContaining(['19-1', '19-2']));
    expect(byNumber.total).toBeLessThan(all.total);

    const word = '企业';
    const expected = all.items.filter((m) => m.number.includes(word) || m.title.includes(word) || m.tasks.some((task) => task.title.includes(word)));
    expect(expected.length).toBeGreaterThan(2);
    const numbers: string[] = [];
    for (let page = 1; page <= Math.ceil(expected.length / 2); page++) {
      const res = await get(`/documents/${compendiumId}/measures?q=${encodeURIComponent(word)}&page=${page}&pageSize=2`).expect(200);
      expect(res.body.total).toBe(expected.length);
      numbers.push(...res.body.items.map((m: MeasureItem) => m.number));
    }
    expect(numbers).toEqual(expected.map((m) => m.number));
    expect((await get(`/documents/${compendiumId}/measures?q=${encodeURIComponent('没有这样的措施_')}`).expect(200)).body).toMatchObject({
      total: 0,
      items: [],
    });
  });

  it('keeps documents from bureaus, searched or not', async () => {
    await get(`/documents?q=${encodeURIComponent('周村')}`, bureau).expect(403);
    await get(`/documents/${compendiumId}/measures?q=19`, bureau).expect(403);
  });

  it('finds units by name or alias', async () => {
    const res = await get(`/units?q=${encodeURIComponent('检索测试')}`).expect(200);
    expect(res.body.items.map((u: { name: string }) => u.name)).toEqual(['区检索测试局']);
  });

  it('states the attachment limits from the configuration, to anyone signed in', async () => {
    for (const token of [office, bureau]) {
      const res = await get('/attachments/limits', token).expect(200);
      expect(res.body).toMatchObject({ maxBytes: 3 * 1024 * 1024, maxFilesPerReport: 20 });
      expect(res.body.extensions).toEqual(expect.arrayContaining(['.pdf', '.docx', '.xlsx', '.png', '.jpg']));
      expect(res.body.description).toContain('3 MB');
    }
    await t.http.get('/attachments/limits').expect(401);
  });

  it('documents a body for every rollup and ledger route, so the web client is typed', async () => {
    const doc = (await t.http.get('/docs/openapi.json').expect(200)).body;
    const bodyOf = (path: string, method: string, status: string) => doc.paths[path][method].responses[status]?.content;
    for (const path of [
      '/rollups/periods',
      '/rollups/compare',
      '/rollups/{cadence}/{period}',
      '/rollups/{cadence}/{period}/measures',
      '/rollups/{cadence}/{period}/tasks',
      '/ledgers/{id}',
      '/attachments/limits',
    ]) {
      expect([path, bodyOf(path, 'get', '200')]).toEqual([path, expect.anything()]);
    }
    expect(bodyOf('/ledgers', 'post', '202')).toBeDefined();
    expect(Object.keys(doc.components.schemas.RollupUnitRowDto.properties)).toEqual(expect.arrayContaining(['unitName', 'completionRate', 'rank', 'overdue']));
  });
});
