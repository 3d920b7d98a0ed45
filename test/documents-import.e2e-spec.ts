import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';

const SAMPLES = join(__dirname, '../samples');
const sample = (name: string) => readFileSync(join(SAMPLES, name));
/** The sample with a trailing marker line: a different document hash, so tests do not share imports. */
const variant = (name: string, tag: string) => Buffer.from(`${sample(name).toString('utf8')}\n（${tag}）\n`);
const COMPENDIUM = '003_e9b96b9635c13b94.txt';

describe('document import over HTTP (e2e)', () => {
  let t: TestApp;
  let office: string;
  let bureau: string;

  const counts = async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*) FROM policy_document)::int AS documents, (SELECT count(*) FROM measure)::int AS measures,
              (SELECT count(*) FROM task)::int AS tasks, (SELECT count(*) FROM task_unit)::int AS assignments,
              (SELECT count(*) FROM unit)::int AS units, (SELECT count(*) FROM contact)::int AS contacts`,
    );
    return row as Record<string, number>;
  };
  const upload = (name: string, data: Buffer, token = office) =>
    t.http.post('/documents/imports').set('Authorization', `Bearer ${token}`).attach('file', data, name);
  const commit = (previewId: string, body: object = {}, token = office) =>
    t.http.post(`/documents/imports/${previewId}/commit`).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_BYTES: String(400 * 1024) });
    office = await loginAs(t, await createUser(t, { role: 'office' }));
    const unit = await createUnit(t, { name: '区测试局' });
    bureau = await loginAs(t, await createUser(t, { role: 'bureau', unitId: unit.id }));
  });
  afterAll(() => t.close());

  it('previews the compendium without storing anything, then commits it in full', async () => {
    const before = await counts();
    const preview = await upload(COMPENDIUM, sample(COMPENDIUM)).expect(201);
    expect(preview.body.previewId).toMatch(/^[0-9a-f-]{36}$/);
    expect(preview.body.existingDocumentId).toBeNull();
    const measures = preview.body.preview.measures as { number: string; applicable: boolean; tasks: unknown[] }[];
    expect(measures.map((m) => m.number)).toEqual(expect.arrayContaining(['1', '2', '19-1', '19-5', '36-1', '36-2', '56']));
    expect(measures.find((m) => m.number === '2')!.applicable).toBe(false);
    expect(await counts()).toEqual(before);

    const committed = await commit(preview.body.previewId).expect(200);
    expect(committed.body).toMatchObject({ created: true, measures: measures.length });
    const expectedTasks = measures.reduce((n, m) => n + (m.applicable ? m.tasks.length : 1), 0);
    expect(committed.body.tasks).toBe(expectedTasks);

    const read = await t.http.get(`/documents/${committed.body.documentId}/measures?pageSize=100`).set('Authorization', `Bearer ${office}`).expect(200);
    expect(read.body).toMatchObject({ total: measures.length, page: 1, pageSize: 100 });
    // paging: pages of 25 concatenate to the document's measures in document order; past the end is empty, over the cap refused
    const numbers: string[] = [];
    for (let page = 1; numbers.length < measures.length && page < 10; page++) {
      const res = await t.http
        .get(`/documents/${committed.body.documentId}/measures?page=${page}&pageSize=25`)
        .set('Authorization', `Bearer ${office}`)
        .expect(200);
      numbers.push(...res.body.items.map((m: { number: string }) => m.number));
    }
    expect(numbers).toEqual(measures.map((m) => m.number));
    const past = await t.http.get(`/documents/${committed.body.documentId}/measures?page=9&pageSize=25`).set('Authorization', `Bearer ${office}`).expect(200);
    expect(past.body).toEqual({ items: [], total: measures.length, page: 9, pageSize: 25 });
    const tooBig = await t.http.get(`/documents/${committed.body.documentId}/measures?pageSize=101`).set('Authorization', `Bearer ${office}`).expect(400);
    expect(tooBig.body.fields).toEqual([expect.objectContaining({ field: 'pageSize' })]);
    await t.http.get(`/documents/00000000-0000-4000-8000-000000000000/measures`).set('Authorization', `Bearer ${office}`).expect(404);
    const item1 = read.body.items.find((m: { number: string }) => m.number === '1');
    const work = item1.tasks.find((task: { kind: string }) => task.kind === 'work');
    expect(work.deadline).toEqual({ text: expect.stringContaining('2022'), date: '2022-12-31', precision: 'month' });
    expect(work.units).toEqual([
      expect.objectContaining({ unit: '区发展改革局', role: 'lead', section: '商贸流通和社会事业科' }),
      expect.objectContaining({ unit: '区财政局', role: 'co' }),
    ]);
    expect(item1.contacts).toEqual([{ name: '王迎新', phone: '6195196', unit: '区发展改革局' }]);
    const item2 = read.body.items.find((m: { number: string }) => m.number === '2');
    expect(item2.applicable).toBe(false);
    expect(item2.tasks).toEqual([expect.objectContaining({ state: 'not_applicable' })]);
    const sub = read.body.items.find((m: { number: string }) => m.number === '19-1');
    expect(sub.parent === null || sub.parent === '19').toBe(true);
    expect(sub.section).toContain('稳定经济运行');

    const audit = await t.db.query(`SELECT action, entity_id, outcome FROM audit_log WHERE action = 'document.import'`);
    expect(audit).toEqual([{ action: 'document.import', entity_id: committed.body.documentId, outcome: 'ok' }]);
  });

  it('importing the same document again creates nothing new', async () => {
    const first = await commit((await upload(COMPENDIUM, sample(COMPENDIUM))).body.previewId).expect(200);
    const before = await counts();
    const again = await upload('renamed-copy.txt', sample(COMPENDIUM)).expect(201);
    expect(again.body.existingDocumentId).toBe(first.body.documentId);
    const second = await commit(again.body.previewId).expect(200);
    expect(second.body).toMatchObject({ created: false, documentId: first.body.documentId });
    expect(await counts()).toEqual(before);
  });

  it.each([['000_356ee75eefd1656e.txt'], ['001_d51d25cee20e8bb4.txt'], ['004_95e72363357eca1d.txt']])(
    'imports measures-style document %s with one task per measure',
    async (name) => {
      const preview = await upload(name, sample(name)).expect(201);
      const n = preview.body.preview.measures.length;
      expect(n).toBeGreaterThan(10);
      const committed = await commit(preview.body.previewId).expect(200);
      expect(committed.body).toMatchObject({ created: true, measures: n, tasks: n });
      const docs = await t.http.get('/documents').set('Authorization', `Bearer ${office}`).expect(200);
      const [{ documents }] = await t.db.query(`SELECT count(*)::int AS documents FROM policy_document`);
      expect(docs.body).toMatchObject({ total: documents, page: 1, pageSize: 20 });
      expect(docs.body.items[0]).toMatchObject({ measures: n, tasks: n, status: 'draft' });
    },
  );

  it("applies the office's corrections: assign units to an unassigned measure and merge an alias", async () => {
    const name = '000_356ee75eefd1656e.txt';
    const preview = await upload('000-corrected.txt', variant(name, '修正测试')).expect(201);
    expect(preview.body.preview.measures[0].units).toEqual([]);
    const first = preview.body.preview.measures[0].number;
    const committed = await commit(preview.body.previewId, {
      assignments: [{ measure: first, units: ['市农业农村局', '市财政局'] }],
      deadlines: [{ measure: first, date: '2024-06-30' }],
      aliases: [{ alias: '市农业局', unit: '市农业农村局' }],
    }).expect(200);
    const rows = await t.db.query(
      `SELECT u.name, tu.role, t.due_date::text AS due FROM task t JOIN measure m ON m.id = t.measure_id
         JOIN task_unit tu ON tu.task_id = t.id JOIN unit u ON u.id = tu.unit_id
        WHERE m.document_id = $1 AND m.number = $2 ORDER BY tu.position`,
      [committed.body.documentId, first],
    );
    expect(rows).toEqual([
      { name: '市农业农村局', role: 'lead', due: '2024-06-30' },
      { name: '市财政局', role: 'co', due: '2024-06-30' },
    ]);
    const alias = await t.db.query(`SELECT u.name FROM unit_alias a JOIN unit u ON u.id = a.unit_id WHERE a.alias = '市农业局'`);
    expect(alias).toEqual([{ name: '市农业农村局' }]);
  });

  it('refuses a correction naming a measure that does not exist, storing nothing', async () => {
    const preview = await upload('004-bad-correction.txt', variant('004_95e72363357eca1d.txt', '错误修正测试')).expect(201);
    const before = await counts();
    const res = await commit(preview.body.previewId, { assignments: [{ measure: '999', units: ['区财政局'] }] }).expect(422);
    expect(res.body).toMatchObject({
      code: 'IMPORT_CORRECTION_INVALID',
      fields: [expect.objectContaining({ field: 'assignments[0].measure', code: 'MEASURE_NOT_FOUND' })],
    });
    expect(await counts()).toEqual(before);
  });

  it('a commit that fails half-way leaves nothing behind', async () => {
    const preview = await upload('001-fails.txt', variant('001_d51d25cee20e8bb4.txt', '失败测试')).expect(201);
    const before = await counts();
    // make the last bulk insert of the import fail inside the transaction
    await t.db.query(`CREATE FUNCTION fail_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
    await t.db.query(`CREATE TRIGGER fail_task_unit BEFORE INSERT ON task_unit FOR EACH STATEMENT EXECUTE FUNCTION fail_insert()`);
    try {
      const res = await commit(preview.body.previewId).expect(500);
      expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: expect.any(String), requestId: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain('injected');
    } finally {
      await t.db.query(`DROP TRIGGER fail_task_unit ON task_unit; DROP FUNCTION fail_insert()`);
    }
    expect(await counts()).toEqual(before);
    // the preview is still there: the office can retry once the problem is fixed
    await commit(preview.body.previewId).expect(200);
  });

  it.each([
    ['empty.txt', Buffer.from('   \n\n  '), 422, 'DOCUMENT_EMPTY'],
    ['prose.txt', Buffer.from('这是一段普通的说明文字，没有任何政策措施。\n请各单位认真学习。\n'), 422, 'DOCUMENT_NO_MEASURES'],
    ['binary.txt', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xff]), 415, 'IMPORT_UNSUPPORTED_TYPE'],
    ['program.exe', Buffer.from('第1项\n（一）政策原文\n'), 415, 'IMPORT_UNSUPPORTED_TYPE'],
    ['fake.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]), 422, 'DOCUMENT_UNREADABLE'],
  ])('rejects %s and changes nothing', async (name, data, status, code) => {
    const before = await counts();
    const res = await upload(name, data).expect(status);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await counts()).toEqual(before);
  });

  it('rejects an oversized upload with 413', async () => {
    const res = await upload('big.txt', Buffer.alloc(500 * 1024, 'a')).expect(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('answers an expired or unknown preview with 404 and a missing file with 400', async () => {
    const res = await commit('00000000-0000-4000-8000-000000000000').expect(404);
    expect(res.body.code).toBe('IMPORT_PREVIEW_EXPIRED');
    const missing = await t.http.post('/documents/imports').set('Authorization', `Bearer ${office}`).expect(400);
    expect(missing.body.code).toBe('FILE_REQUIRED');
  });

  it('rejects unknown fields in corrections with field-level codes', async () => {
    const preview = await upload(COMPENDIUM, sample(COMPENDIUM)).expect(201);
    const res = await commit(preview.body.previewId, { assignments: [{ measure: '1', units: ['区财政局'], unitId: 'x' }], createdBy: 'me' }).expect(400);
    expect(res.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'createdBy', code: 'FIELD_NOT_ALLOWED' }),
        expect.objectContaining({ field: 'assignments.0.unitId', code: 'FIELD_NOT_ALLOWED' }),
      ]),
    );
  });

  it('is for the coordination office only', async () => {
    await upload(COMPENDIUM, sample(COMPENDIUM), bureau).expect(403);
    await t.http.post('/documents/imports').attach('file', sample(COMPENDIUM), COMPENDIUM).expect(401);
  });
});
