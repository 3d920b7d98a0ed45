/**
 * Seed 003 (周村区 2022 实施方案汇编), the compendium the product was designed from, read fully.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseDocument } from './parse-document';
import type { ImportPreview, PreviewMeasure, PreviewTask, UnitRole } from './preview.types';

const SEED = join(__dirname, '../../../../samples/003_e9b96b9635c13b94.txt');

describe('compendium seed 003', () => {
  let preview: ImportPreview;

  beforeAll(() => {
    preview = parseDocument(readFileSync(SEED, 'utf8'), { currentYear: 2026 });
  });

  function measure(number: string): PreviewMeasure {
    const found = preview.measures.find((candidate) => candidate.number === number);
    if (!found) throw new Error(`no measure ${number}`);
    return found;
  }

  /** [kind, ordinal, [unit, role, sections][], deadline date, precision] */
  function summary(task: PreviewTask): [string, number, [string, UnitRole, string[]][], string | null, string] {
    return [task.kind, task.ordinal, task.assignments.map((unit) => [unit.unit, unit.role, unit.sections]), task.deadline.date, task.deadline.precision];
  }

  it('reads the document metadata', () => {
    expect(preview.document).toEqual({
      title: '周村区落实省2022年“稳中求进”高质量发展政策清单（第一批）实施方案汇编',
      issuer: '区委统筹疫情防控和经济运行工作领导小组（指挥部）办公室',
      docNumber: null,
      issueDate: '2022-04-08',
      level: 'district',
      defaultYear: 2022,
      shape: 'compendium',
      defaultDeadline: { text: '2022年', date: '2022-12-31', precision: 'default' },
    });
  });

  it('finds all 56 numbered items; the parents 19 and 36 live on in their sub-items', () => {
    const itemNumbers = new Set(preview.measures.map((candidate) => candidate.number.split('-')[0]));
    expect([...itemNumbers]).toEqual(Array.from({ length: 56 }, (_unused, i) => String(i + 1)));
    expect(preview.measures).toHaveLength(56 - 2 + 5 + 2);
    expect(preview.measures.find((candidate) => candidate.number === '19')).toBeUndefined();
    expect(preview.measures.find((candidate) => candidate.number === '36')).toBeUndefined();
  });

  it('numbers sub-items with an ASCII hyphen and keeps their parent', () => {
    const subItems = preview.measures.filter((candidate) => candidate.parent !== null);
    expect(subItems.map((candidate) => [candidate.number, candidate.parent])).toEqual([
      ['19-1', '19'],
      ['19-2', '19'],
      ['19-3', '19'],
      ['19-4', '19'],
      ['19-5', '19'],
      ['36-1', '36'],
      ['36-2', '36'],
    ]);
  });

  it('counts measures, tasks and not-applicable items', () => {
    expect(preview.stats).toEqual({ measures: 61, applicable: 50, notApplicable: 11, tasks: 188, unassigned: 0, units: 31 });
    expect(preview.measures.filter((candidate) => !candidate.applicable).map((candidate) => candidate.number)).toEqual([
      '2',
      '8',
      '16',
      '17',
      '20',
      '22',
      '26',
      '33',
      '37',
      '48',
      '50',
    ]);
  });

  it('reads the six sections and applies each to the items after it', () => {
    expect(preview.sections.map((section) => [section.heading, section.line])).toEqual([
      ['一、培育壮大有效需求', 45],
      ['二、稳定经济运行', 398],
      ['三、加快新旧动能转换', 634],
      ['四、加快新型城镇化建设', 988],
      ['五、深化改革开放', 1126],
      ['六、强化社会民生保障', 1288],
    ]);
    expect(measure('17').section).toBe('一、培育壮大有效需求');
    expect(measure('18').section).toBe('二、稳定经济运行');
    expect(measure('19-1').section).toBe('二、稳定经济运行');
    expect(measure('36-2').section).toBe('三、加快新旧动能转换');
    expect(measure('56').section).toBe('六、强化社会民生保障');
  });

  it('item 1: upstream text and leads, goal joined across the page break, contact', () => {
    const item = measure('1');
    expect(item.title).toBe('2022年，统筹财政资金和专项债券资金800亿元');
    expect(item.upstreamLeads).toEqual(['省发展改革委', '省财政厅']);
    expect(item.upstreamText).toMatch(/^2022年，统筹财政资金.*“点供”支持省级决策实施的重大“七网”项目。$/);
    expect(item.goal).toContain('市政公用设施网、新型基础设施网');
    expect(item.contacts).toEqual([{ name: '王迎新', phone: '6195196', unit: '区发展改革局' }]);
    expect(item.lead).toEqual({ name: '区发展改革局', unit: '区发展改革局' });
    expect(item.deadline).toEqual({ text: '2022年12月', date: '2022-12-31', precision: 'month' });
    expect(item.line).toBe(47);
  });

  it('item 1: one work task and two safeguards, the first led by 区财政局', () => {
    const item = measure('1');
    expect(item.tasks.map(summary)).toEqual([
      [
        'work',
        1,
        [
          ['区发展改革局', 'lead', ['商贸流通和社会事业科']],
          ['区财政局', 'co', []],
        ],
        '2022-12-31',
        'month',
      ],
      ['safeguard', 1, [['区财政局', 'lead', ['政府债务管理科']]], '2022-12-31', 'month'],
      ['safeguard', 2, [['区发展改革局', 'lead', ['商贸流通和社会事业科']]], '2022-12-31', 'month'],
    ]);
    expect(item.tasks[0].units).toEqual(['区发展改革局', '区财政局']);
    expect(item.tasks[0].text).toMatch(/^按照“资金跟着项目走”原则.*加大协调调度推进力度。$/);
    expect(item.tasks[1].text).toMatch(/^逐项梳理拟发行“七网”项目/); // without its number
    expect(item.tasks.map((task) => task.line)).toEqual([61, 65, 67]);
  });

  it('item 2 is not applicable here, with its reason and no tasks', () => {
    const item = measure('2');
    expect(item).toMatchObject({
      applicable: false,
      notApplicableReason: '此项目不涉及我市、区。原因：该项目建设投资不涉及我市、区；我市机场建设尚在规划研究阶段，未正式启动前期工作。',
      upstreamLeads: ['省财政厅', '省交通运输厅'],
      tasks: [],
      units: [],
      lead: null,
      deadline: null,
      goal: null,
    });
  });

  it('item 3: the duplicated 完成时限：完成时限： is read', () => {
    expect(measure('3').tasks.map(summary)).toEqual([
      ['work', 1, [['区工业和信息化局', 'lead', ['投资发展科']]], '2022-12-31', 'month'],
      ['safeguard', 1, [['区工业和信息化局', 'lead', ['投资发展科']]], '2022-12-31', 'month'],
    ]);
    expect(measure('3').tasks[1].deadline.text).toBe('2022年12月');
  });

  it('item 7: tasks 2 and 3 share the parenthesis after 3', () => {
    const work = measure('7').tasks.filter((task) => task.kind === 'work');
    expect(work.map(summary)).toEqual([
      ['work', 1, [['区工业和信息化局', 'lead', ['信息化科']]], '2022-12-31', 'month'],
      ['work', 2, [['区工业和信息化局', 'lead', ['信息化科']]], '2022-12-31', 'month'],
      ['work', 3, [['区工业和信息化局', 'lead', ['信息化科']]], '2022-12-31', 'month'],
    ]);
    expect(work[1].text).toMatch(/^做好产业培育.*高质量发展。$/);
  });

  it('item 4: safeguards 1 and 2 share the parenthesis after 2', () => {
    const safeguards = measure('4').tasks.filter((task) => task.kind === 'safeguard');
    expect(safeguards.map((task) => task.units)).toEqual([['区工业和信息化局'], ['区工业和信息化局']]);
  });

  it('item 11: a shared parenthesis after a line broken across a blank line, then a task of its own', () => {
    const safeguards = measure('11').tasks.filter((task) => task.kind === 'safeguard');
    expect(safeguards.map(summary)).toEqual([
      ['safeguard', 1, [['市生态环境局周村分局', 'lead', ['固废与生态环境科']]], '2022-12-31', 'month'],
      ['safeguard', 2, [['市生态环境局周村分局', 'lead', ['固废与生态环境科']]], '2022-12-31', 'month'],
      ['safeguard', 3, [['区科技局', 'lead', ['创新促进科']]], '2022-12-31', 'month'],
    ]);
    expect(safeguards[1].text).toBe('积极对接，争取我区申报单位通过评审，获得生态环境科技成果转移转化基地建设试点资格。');
  });

  it('item 12: a co-unit broken across lines (区财 / 政局) and month deadlines', () => {
    const tasks = measure('12').tasks;
    expect(tasks.map((task) => task.deadline.date)).toEqual(['2022-02-28', '2022-04-30', '2022-12-31', '2022-06-30', '2022-12-31', '2022-12-31']);
    expect(summary(tasks[5])[2]).toEqual([
      ['区住房城乡建设局', 'lead', ['住房保障服务中心']],
      ['区财政局', 'co', ['综合科']],
    ]);
    expect(measure('12').contacts).toEqual([{ name: '赵德生', phone: '6411265', unit: '区住房保障服务中心' }]);
  });

  it('item 13: 区发展改革委 is 区发展改革局; a stand-alone parenthesis covers both safeguards', () => {
    const item = measure('13');
    const safeguards = item.tasks.filter((task) => task.kind === 'safeguard');
    expect(safeguards.map((task) => task.units)).toEqual([
      ['区人防办', '区发展改革局', '区财政局'],
      ['区人防办', '区发展改革局', '区财政局'],
    ]);
    expect(safeguards[0].assignments[1]).toMatchObject({ name: '区发展改革委', unit: '区发展改革局', role: 'co' });
    expect(item.contacts).toEqual([{ name: '沈东修', phone: '6182655', unit: '区人防办' }]);
  });

  it('item 15: ongoing work with collective co-units; unassigned safeguards fall back on the contact line', () => {
    const item = measure('15');
    expect(item.deadline).toEqual({ text: '长期', date: null, precision: 'ongoing' });
    expect(item.tasks[0].assignments.map((unit) => [unit.unit, unit.collective ?? false])).toEqual([
      ['区商务局', false],
      ['各镇、街道', true],
      ['周村经济开发区', false],
      ['区统计局', false],
      ['区发展改革局', false],
      ['区财政局', false],
    ]);
    const safeguard = item.tasks[4];
    expect(safeguard.text).toMatch(/^一是持续跟踪.*\n二是培育壮大.*四是加强对上衔接.*走在前列。$/s);
    expect(summary(safeguard)).toEqual(['safeguard', 1, [['区商务局', 'lead', []]], '2022-12-31', 'default']);
    expect(preview.warnings).toContainEqual(expect.objectContaining({ line: 372, code: 'TASK_UNIT_INHERITED', measure: '15' }));
  });

  it('item 19-1: a sub-item with its own upstream text, the parent’s upstream leads, shared parentheses', () => {
    const item = measure('19-1');
    expect(item).toMatchObject({
      parent: '19',
      title: '全面落实月销售额15万元以下的小规模纳税人免征增值税',
      upstreamText: '全面落实月销售额15万元以下的小规模纳税人免征增值税。',
      upstreamLeads: ['省财政厅', '省税务局'],
      lead: { name: '区税务局', unit: '区税务局' },
      contacts: [{ name: '庄琦', phone: '6431121', unit: '区税务局' }],
      deadline: { text: '2022年12月', date: '2022-12-31', precision: 'month' },
    });
    expect(item.tasks.map((task) => [task.kind, task.assignments[0].sections])).toEqual([
      ['work', ['税政一股']],
      ['work', ['税政一股']],
      ['safeguard', ['税政二股']],
      ['safeguard', ['税政二股']],
      ['safeguard', ['税政二股']],
    ]);
    expect(item.tasks[4].text).toMatch(/不折不扣落实到位。$/); // 落实到 / 位。 across a blank line
    expect(item.units).toEqual([{ name: '区税务局', unit: '区税务局', role: 'lead', sections: ['税政一股', '税政二股'] }]);
  });

  it('item 19-2: two contacts on one line; 19-5 ends in January', () => {
    expect(measure('19-2').contacts).toEqual([
      { name: '张文超', phone: '6431137', unit: '区税务局' },
      { name: '宋宇', phone: '6238089', unit: '区税务局' },
    ]);
    expect(measure('19-5').deadline).toEqual({ text: '2022年1月', date: '2022-01-31', precision: 'month' });
  });

  it('items 36-1 and 36-2: labelled sub-items inherit the parent’s upstream text', () => {
    const domestic = measure('36-1');
    expect(domestic.title).toBe('大力发展总部经济，制定出台具体支持政策，并将总部经济招引情况纳入“双招双引”调度和考核（内资企业部分）');
    expect(domestic.upstreamText).toBe(measure('36-2').upstreamText);
    expect(domestic.upstreamLeads).toEqual(['省发展改革委', '省商务厅', '省财政厅']);
    expect(domestic.tasks.map((task) => task.units)).toEqual([
      ['区发展改革局'],
      ['区发展改革局', '区投资促进中心'],
      ['区发展改革局', '区投资促进中心'],
      ['区发展改革局', '区投资促进中心'],
    ]);
    expect(domestic.deadline).toEqual({ text: '2022年12月', date: '2022-12-31', precision: 'month' });
    expect(measure('36-2').lead).toEqual({ name: '区商务局', unit: '区商务局' });
  });

  it('item 27: tasks with co-units and their sections, one section written bare', () => {
    expect(measure('27').tasks.map(summary)).toEqual([
      [
        'work',
        1,
        [
          ['区发展改革局', 'lead', ['动能转换推进科']],
          ['区科技局', 'co', ['综合管理科']],
          ['区财政局', 'co', ['经济建设科']],
        ],
        '2022-12-31',
        'month',
      ],
      [
        'work',
        2,
        [
          ['区发展改革局', 'lead', ['动能转换推进科']],
          ['区科技局', 'co', ['综合管理科']],
        ],
        '2022-12-31',
        'month',
      ],
      [
        'safeguard',
        1,
        [
          ['区发展改革局', 'lead', ['动能转换推进科']],
          ['区科技局', 'co', ['综合管理科']],
        ],
        '2022-12-31',
        'month',
      ],
      [
        'safeguard',
        2,
        [
          ['区发展改革局', 'lead', ['动能转换推进科']],
          ['区科技局', 'co', ['综合管理科']],
        ],
        '2022-12-31',
        'month',
      ],
      ['safeguard', 3, [['区发展改革局', 'lead', ['动能转换推进科']]], '2022-12-31', 'month'],
    ]);
    expect(measure('27').units.map((unit) => [unit.unit, unit.role])).toEqual([
      ['区发展改革局', 'lead'],
      ['区科技局', 'co'],
      ['区财政局', 'co'],
    ]);
  });

  it('item 47: two lead units and two contacts, each for its unit', () => {
    const item = measure('47');
    expect(item.tasks.map((task) => task.assignments.map((unit) => [unit.unit, unit.role, unit.sections]))).toEqual([
      [
        ['区发展改革局', 'lead', ['能源科']],
        ['区商务局', 'lead', ['商贸流通科']],
      ],
      [
        ['区发展改革局', 'lead', ['能源科']],
        ['区商务局', 'lead', ['商贸流通科']],
      ],
    ]);
    expect(item.contacts).toEqual([
      { name: '丛湘波', phone: '6195397', unit: '区发展改革局' },
      { name: '马骏', phone: '6195136', unit: '区商务局' },
    ]);
    expect(item.lead).toEqual({ name: '区发展改革局', unit: '区发展改革局' });
  });

  it('item 35: two contacts and two phones listed together', () => {
    expect(measure('35').contacts).toEqual([
      { name: '姜楠', phone: '6196858', unit: '区市场监管局' },
      { name: '戴军', phone: '6196068', unit: '区市场监管局' },
    ]);
  });

  it('item 51: a long co-unit list with collectives and 有关部门按职责分工负责', () => {
    const units = measure('51').units;
    expect(units[0]).toMatchObject({ unit: '区人力资源社会保障局', role: 'lead', sections: ['就业指导科'] });
    expect(units.filter((unit) => unit.collective).map((unit) => unit.unit)).toEqual(['有关部门和单位', '各镇、街道']);
    expect(units).toHaveLength(17);
  });

  it('item 56: half-width punctuation with spaces, and the contact on the file’s last line', () => {
    const item = measure('56');
    expect(item.tasks).toHaveLength(6);
    expect(item.deadline).toEqual({ text: '2022年3月', date: '2022-03-31', precision: 'month' });
    expect(item.contacts).toEqual([{ name: '刘晓辉', phone: '6195405', unit: '区民政局' }]);
  });

  it('every applicable item has tasks, a lead and a deadline; titles are short', () => {
    for (const item of preview.measures.filter((candidate) => candidate.applicable)) {
      expect(item.tasks.length).toBeGreaterThan(0);
      expect(item.lead).not.toBeNull();
      expect(item.deadline).not.toBeNull();
      expect(item.goal).not.toBeNull();
      expect(item.upstreamLeads.length).toBeGreaterThan(0);
    }
    for (const item of preview.measures) expect(item.title.length).toBeLessThanOrEqual(70);
  });

  it('warns about exactly what it could not place, by line', () => {
    expect(preview.warnings.map((warning) => [warning.line, warning.code, warning.measure ?? null])).toEqual([
      [372, 'TASK_UNIT_INHERITED', '15'],
      [482, 'LINE_UNPLACED', null], // a stray 展。 after 19-2's third task
      [954, 'TASK_UNIT_INHERITED', '36-1'],
      [1038, 'TASK_UNIT_INHERITED', '39'],
      [1402, 'LINE_UNPLACED', null], // a stray 月) after 54's second safeguard
    ]);
    expect(preview.warnings[1].message).toContain('展。');
  });

  it('consumes or warns about every non-blank line', () => {
    const nonBlank = readFileSync(SEED, 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0).length;
    expect(preview.coverage).toEqual({ nonBlankLines: nonBlank, consumedLines: nonBlank - 2, unplacedLines: 2 });
  });
});
