import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManualClock } from '@luoshi/infra';
import { createTestApp, TestApp } from './support/test-app';
import { createUser, loginAs } from './support/factories';

const ROOT = join(__dirname, '..');
const CORPUS = join(ROOT, 'test/fixtures/import-corpus');
const corpus = (name: string) => readFileSync(join(CORPUS, name));
const run = promisify(execFile);

interface Measure {
  number: string;
  lead: { unit: string } | null;
  units: { unit: string; role: string }[];
  contacts: { name: string; phone: string | null }[];
  deadline: { date: string | null; precision: string };
  originalText?: string;
}

/** Tables (.docx, .xlsx), CJK PDFs, Traditional text and the clock's year, over HTTP; the preview command without a database. */
describe('importing the documents offices receive (e2e)', () => {
  let t: TestApp;
  let office: string;
  const clock = new ManualClock('2031-03-02T09:00:00+08:00');
  const upload = (name: string, data: Buffer) => t.http.post('/documents/imports').set('Authorization', `Bearer ${office}`).attach('file', data, name);
  const commit = (previewId: string) => t.http.post(`/documents/imports/${previewId}/commit`).set('Authorization', `Bearer ${office}`).send({});

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    office = await loginAs(t, await createUser(t, { role: 'office' }));
  });
  afterAll(() => t.close());

  it('reads an .xlsx task table (merged lead cell, section rows) into the preview shape of a text import, and commits it', async () => {
    const table = await upload('12-task-table.xlsx', corpus('12-task-table.xlsx')).expect(201);
    const text = await upload('01-lead-clause-end.txt', corpus('01-lead-clause-end.txt')).expect(201);
    expect(table.body.preview.document).toMatchObject({ shape: 'table', title: '2024年稳就业重点任务分解表', defaultYear: 2024 });
    expect(table.body.preview.sections.map((section: { heading: string }) => section.heading)).toEqual(['一、扩大就业岗位', '二、强化技能培训']);
    const measures = table.body.preview.measures as Measure[];
    expect(Object.keys(measures[0]).sort()).toEqual(Object.keys(text.body.preview.measures[0]).sort());
    expect(measures.map((measure) => [measure.number, measure.lead?.unit, measure.deadline.date])).toEqual([
      ['1', '区人力资源社会保障局', '2024-06-30'],
      ['2', '区人力资源社会保障局', '2024-12-31'],
      ['3', '区人力资源社会保障局', null],
      ['4', '区人力资源社会保障局', '2024-09-30'],
      ['5', '区发展改革局', '2024-11-30'],
    ]);

    const committed = await commit(table.body.previewId).expect(200);
    expect(committed.body).toMatchObject({ created: true, measures: 5, tasks: 5 });
    const leads = await t.db.query(
      `SELECT m.number, u.name FROM task t JOIN measure m ON m.id = t.measure_id JOIN task_unit tu ON tu.task_id = t.id AND tu.role = 'lead' JOIN unit u ON u.id = tu.unit_id
        WHERE t.document_id = $1 ORDER BY m.ordinal`,
      [committed.body.documentId],
    );
    expect(leads.map((row: { number: string; name: string }) => `${row.number}:${row.name}`)).toEqual([
      '1:区人力资源社会保障局',
      '2:区人力资源社会保障局',
      '3:区人力资源社会保障局',
      '4:区人力资源社会保障局',
      '5:区发展改革局',
    ]);
  });

  it('reads a Word table whose lead cell is merged down two rows', async () => {
    const response = await upload('10-task-table.docx', corpus('10-task-table.docx')).expect(201);
    const measures = response.body.preview.measures as Measure[];
    expect(measures.find((measure) => measure.number === '2')).toMatchObject({
      lead: { unit: '区行政审批局' },
      units: [
        { unit: '区行政审批局', role: 'lead' },
        { unit: '区信访局', role: 'co' },
      ],
      contacts: [{ name: '刘晓峰', phone: '13900001234' }],
    });
    // the paragraph after the table is no task: it is reported with its line, not dropped
    expect(response.body.preview.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'LINE_UNPLACED' })]));
  });

  it('reads a CJK PDF printed by Chromium: radicals normalised (⻢ → 马), page header and footer reported, not parsed', async () => {
    const response = await upload('16-field-lines-print.pdf', corpus('16-field-lines-print.pdf')).expect(201);
    const { measures, warnings, coverage } = response.body.preview as {
      measures: Measure[];
      warnings: { code: string; line: number }[];
      coverage: Record<string, number>;
    };
    expect(measures.map((measure) => measure.contacts[0]?.name)).toEqual(['马剑萍', '龙飞', '马剑萍', '黄长青']);
    expect(measures[0].deadline.precision).toBe('ongoing'); // ⻓期坚持 read as 长期坚持
    expect(warnings.filter((warning) => warning.code === 'PAGE_FURNITURE')).toHaveLength(1);
    expect(coverage.furnitureLines).toBe(6);
    expect(coverage.consumedLines + coverage.unplacedLines + coverage.furnitureLines).toBe(coverage.nonBlankLines);
  });

  it('reads Traditional characters in Simplified and keeps each measure as written', async () => {
    const response = await upload('08-traditional.txt', corpus('08-traditional.txt')).expect(201);
    expect(response.body.preview.document.originalScript).toBe('traditional');
    const [first] = response.body.preview.measures as (Measure & { title: string })[];
    expect(first.title).toBe('设立文化产业发展专项资金');
    expect(first.lead?.unit).toBe('市文化和旅游局');
    expect(first.originalText).toContain('設立文化產業發展專項資金');
  });

  it("assumes the clock's year, with a warning, for a document that names none", async () => {
    const noYear = Buffer.from(
      '关于加强社区服务的若干措施\n1.完善社区服务设施。新建社区服务站。（区民政局牵头，区财政局配合）\n2.培育社区社会组织。（区民政局负责）\n',
    );
    const response = await upload('no-year.txt', noYear).expect(201);
    expect(response.body.preview.document.defaultYear).toBe(2031);
    expect(response.body.preview.measures[0].deadline).toEqual({ text: '2031年', date: '2031-12-31', precision: 'default' });
    expect(response.body.preview.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'YEAR_UNKNOWN', line: 1 })]));
  });

  it('flags a measure without any unit for the office instead of assigning it', async () => {
    const response = await upload('06-field-lines.txt', corpus('06-field-lines.txt')).expect(201);
    const fourth = (response.body.preview.measures as Measure[]).find((measure) => measure.number === '4')!;
    expect(fourth).toMatchObject({ lead: null, units: [] });
    expect(response.body.preview.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'UNIT_UNASSIGNED', measure: '4' })]));
    expect(response.body.preview.stats.unassigned).toBe(1);
  });

  it('previews from the command line without any database', async () => {
    const { stdout, stderr } = await run(
      'npx',
      ['ts-node', '-r', 'tsconfig-paths/register', '--transpile-only', 'apps/api/src/cli/import.ts', '--preview', join(CORPUS, '13-responsibility-list.xlsx')],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:9/nowhere', LOG_LEVEL: 'silent' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    expect(stderr).toContain('no database reachable');
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({
      file: '13-responsibility-list.xlsx',
      existingDocumentId: null,
      preview: { document: { shape: 'table' }, stats: { measures: 4 } },
    });
  }, 120_000);
});
