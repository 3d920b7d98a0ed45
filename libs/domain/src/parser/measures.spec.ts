/**
 * Measures documents: seeds 001 (烟台 as issued, with units), 000 (the same measures, no units)
 * and 004 (临安区, （一） numbering and section leads), plus small documents for single rules.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseDocument } from './parse-document';
import type { ImportPreview, PreviewMeasure } from './preview.types';

function readSeed(name: string): string {
  return readFileSync(join(__dirname, '../../../../samples', name), 'utf8');
}

function measureOf(preview: ImportPreview, number: string): PreviewMeasure {
  const found = preview.measures.find((measure) => measure.number === number);
  if (!found) throw new Error(`no measure ${number}`);
  return found;
}

/** [unit, role] per unit of the measure, leads first */
function rolesOf(measure: PreviewMeasure): [string, string][] {
  return measure.units.map((unit) => [unit.unit, unit.role]);
}

const STANDING_CO_UNIT = { name: '各区市政府、管委', unit: '各区市政府、管委', role: 'co', sections: [], collective: true };

describe('measures seed 001 (烟政发〔2024〕3号)', () => {
  const preview = parseDocument(readSeed('001_d51d25cee20e8bb4.txt'), { currentYear: 2026 });

  it('reads the document metadata', () => {
    expect(preview.document).toEqual({
      title: '关于增强经济活力巩固回升向好态势推动烟台在新台阶实现高质量发展的若干政策措施',
      issuer: '烟台市人民政府',
      docNumber: '烟政发〔2024〕3号',
      issueDate: '2024-02-08',
      level: 'city',
      defaultYear: 2024,
      shape: 'measures',
      defaultDeadline: { text: '2024年', date: '2024-12-31', precision: 'default' },
    });
  });

  it('reads 62 measures numbered 1 to 62 in 10 sections, without warnings', () => {
    expect(preview.measures.map((measure) => measure.number)).toEqual(Array.from({ length: 62 }, (_unused, i) => String(i + 1)));
    expect(preview.sections.map((section) => section.heading)).toEqual([
      '一、推动农业高质量发展',
      '二、推进新型工业化',
      '三、推动服务业突破发展',
      '四、持续扩大有效投资',
      '五、持续恢复和扩大消费',
      '六、加快培育内外贸新动能',
      '七、提升科技创新能力',
      '八、加快能源绿色转型',
      '九、优化发展环境',
      '十、强化民生保障',
    ]);
    expect(measureOf(preview, '13').section).toBe('二、推进新型工业化');
    expect(preview.warnings).toEqual([]);
    expect(preview.stats).toMatchObject({ measures: 62, applicable: 62, notApplicable: 0, tasks: 62, unassigned: 0 });
  });

  it('applies the standing co-unit 各区市政府、管委 to every measure from the rule on', () => {
    for (const measure of preview.measures) {
      expect(measure.units[measure.units.length - 1]).toEqual(STANDING_CO_UNIT);
      expect(measure.units.filter((unit) => unit.unit === '各区市政府、管委')).toHaveLength(1);
    }
  });

  it.each([
    [
      '1',
      [
        ['市农业农村局', 'lead'],
        ['各区市政府、管委', 'co'],
      ],
    ],
    [
      '5',
      [
        ['市农业农村局', 'lead'],
        ['市海洋发展和渔业局', 'co'],
        ['市财政局', 'co'],
        ['各区市政府、管委', 'co'],
      ],
    ],
    [
      '7',
      [
        ['市工业和信息化局', 'lead'],
        ['各重点产业链链办', 'co'],
        ['各区市政府、管委', 'co'],
      ],
    ],
    // the parenthesis stands on a paragraph of its own
    [
      '10',
      [
        ['市自然资源和规划局', 'lead'],
        ['市工业和信息化局', 'co'],
        ['各区市政府、管委', 'co'],
      ],
    ],
    [
      '40',
      [
        ['驻烟各海关', 'lead'],
        ['市市场监管局', 'co'],
        ['市商务局', 'co'],
        ['市农业农村局', 'co'],
        ['市工业和信息化局', 'co'],
        ['各区市政府、管委', 'co'],
      ],
    ],
    // （责任单 / 位:… broken across lines
    [
      '48',
      [
        ['市科技局', 'lead'],
        ['中国人民银行烟台市分行', 'co'],
        ['市财政局', 'co'],
        ['国家金融监管总局烟台监管分局', 'co'],
        ['市地方金融监管局', 'co'],
        ['各区市政府、管委', 'co'],
      ],
    ],
    [
      '56',
      [
        ['市公安局', 'lead'],
        ['市大数据局', 'co'],
        ['市行政审批服务局', 'co'],
        ['市营转办', 'co'],
        ['有关部门和单位', 'co'],
        ['各区市政府、管委', 'co'],
      ],
    ],
  ])('measure %s: the first listed unit leads', (number, roles) => {
    expect(rolesOf(measureOf(preview, number))).toEqual(roles);
    expect(measureOf(preview, number).lead?.unit).toBe(roles[0][0]);
  });

  it('makes the measure its one task, titled by its first sentence', () => {
    const measure = measureOf(preview, '1');
    expect(measure.title).toBe('支持农业农村经济平稳发展');
    expect(measure.body).toMatch(/^支持农业农村经济平稳发展。全面落实.*示范场20家。$/);
    expect(measure.tasks).toEqual([
      {
        kind: 'measure',
        ordinal: 1,
        text: measure.body,
        units: ['市农业农村局', '各区市政府、管委'],
        assignments: measure.units,
        deadline: { text: '2024年', date: '2024-12-31', precision: 'default' },
        line: 25,
      },
    ]);
    for (const each of preview.measures) expect(each.tasks).toHaveLength(1);
  });

  it('keeps an unnumbered paragraph as part of the measure before its assignment (37)', () => {
    expect(measureOf(preview, '37').body).toBe(
      '延长旅游服务质量保证金补足期限。享受暂退或暂缓交纳保证金政策的旅行社，补足保证金期限延至2024年3月31日。\n' +
        '2023年4月1日（含当日）以后取得旅行社业务经营许可证的旅行社，可申请暂缓交纳保证金，补足保证金期限为2024年3月31日。',
    );
  });

  it('joins a measure broken across a PDF line break (7)', () => {
    expect(measureOf(preview, '7').body).toContain('调整完善重点产业链考核评价办法');
  });

  it('consumes every line: front matter, measures, closing remarks, 抄送 and printing date', () => {
    expect(preview.coverage?.unplacedLines).toBe(0);
  });
});

describe('measures seed 000 (the same measures without units)', () => {
  const preview = parseDocument(readSeed('000_356ee75eefd1656e.txt'), { currentYear: 2026 });
  const issued = parseDocument(readSeed('001_d51d25cee20e8bb4.txt'), { currentYear: 2026 });

  it('imports the same 62 measures as 001, titles and sections alike', () => {
    expect(preview.measures).toHaveLength(62);
    expect(preview.measures.map((measure) => [measure.number, measure.section, measure.title])).toEqual(
      issued.measures.map((measure) => [measure.number, measure.section, measure.title]),
    );
  });

  it('leaves every measure unassigned, with one summary warning', () => {
    for (const measure of preview.measures) {
      expect(measure).toMatchObject({ lead: null, units: [], applicable: true });
      expect(measure.tasks[0]).toMatchObject({ kind: 'measure', units: [], assignments: [] });
    }
    expect(preview.stats).toMatchObject({ measures: 62, tasks: 62, unassigned: 62, units: 0 });
    expect(preview.warnings.filter((warning) => warning.code === 'UNIT_UNASSIGNED')).toEqual([
      { line: 9, code: 'UNIT_UNASSIGNED', message: '文件未注明责任单位，全部62项措施需统筹办逐项分配' },
    ]);
  });

  it('asks to check the closing remark it did not add to the last, still open measure', () => {
    expect(preview.warnings.map((warning) => [warning.line, warning.code])).toEqual([
      [9, 'UNIT_UNASSIGNED'],
      [177, 'CLOSING_ASSUMED'],
    ]);
    expect(measureOf(preview, '62').body).not.toContain('各级各有关部门');
  });

  it('simplifies the traditional characters of measure 12', () => {
    expect(measureOf(preview, '12').body).toContain('印花税（不含证券交易印花税）、耕地占用税和教育费附加');
    expect(measureOf(preview, '12').body).toContain('足额上缴工会经费低于1万元的小额缴费工会组织');
  });

  it('knows the title and the year but not the issuer', () => {
    expect(preview.document).toMatchObject({
      title: '关于增强经济活力巩固回升向好态势推动烟台在新台阶实现高质量发展的若干政策措施',
      issuer: null,
      docNumber: null,
      issueDate: null,
      level: 'unknown',
      defaultYear: 2024,
    });
  });
});

describe('measures seed 004 (临安区, （一） numbering, section leads)', () => {
  const preview = parseDocument(readSeed('004_95e72363357eca1d.txt'), { currentYear: 2026 });

  it('reads the document metadata and the stated default deadline', () => {
    expect(preview.document).toEqual({
      title: '关于进一步推动经济高质量发展若干政策',
      issuer: '杭州市临安区人民政府',
      docNumber: null,
      issueDate: null,
      level: 'district',
      defaultYear: 2024,
      shape: 'measures',
      defaultDeadline: { text: '除标明具体实施期限外，均为2024年全年实施有效', date: '2024-12-31', precision: 'year' },
    });
  });

  it('numbers （一）…（七十四） as 1 to 74 and gives each the default deadline', () => {
    expect(preview.measures.map((measure) => measure.number)).toEqual(Array.from({ length: 74 }, (_unused, i) => String(i + 1)));
    for (const measure of preview.measures) {
      expect(measure.deadline).toEqual(preview.document.defaultDeadline);
      expect(measure.tasks[0].deadline).toEqual(preview.document.defaultDeadline);
    }
  });

  it('reads the section leads (由…牵头实施)', () => {
    expect(preview.sections.map((section) => [section.heading, section.lead?.name, section.lead?.unit, section.line])).toEqual([
      ['一、扩大有效投资政策', '区发改局', '区发展改革局', 11],
      ['二、科技创新政策', '区科技局', '区科技局', 21],
      ['三、产业集群建设培育政策', '区经信局', '区经济和信息化局', 37],
      ['四、现代服务业高质量发展政策', '区发改局', '区发展改革局', 49],
      ['五、交通强国示范城市政策', '区交通运输局', '区交通运输局', 60],
      ['六、扩大内需和对外开放政策', '区商务局', '区商务局', 66],
      ['七、乡村振兴和城乡一体化发展政策', '区农业农村局', '区农业农村局', 75],
      ['八、保障和改善民生政策', '区人力社保局', '区人力资源社会保障局', 91],
    ]);
    expect(preview.sections[6].leads?.map((lead) => lead.unit)).toEqual(['区农业农村局', '区发展改革局']);
  });

  it('keeps each section’s unnumbered intro on the section, not as a measure, and says so', () => {
    expect(preview.sections[0].intro).toMatch(/^贯彻落实扩大有效投资“千项万亿”工程。2024年/);
    expect(preview.sections.every((section) => section.intro)).toBe(true);
    expect(preview.warnings.map((warning) => [warning.line, warning.code])).toEqual([12, 22, 38, 50, 61, 67, 76, 92].map((line) => [line, 'SECTION_INTRO']));
  });

  it.each([
    ['1', '发挥省市重大建设项目带动支撑作用', [['区发展改革局', 'lead']]],
    [
      '3',
      '向上争取资金支持',
      [
        ['区发展改革局', 'lead'],
        ['区财政局', 'co'],
        ['人行临安支行', 'co'],
      ],
    ],
    [
      '7',
      '加力推进城市地下管网建设等5个领域补短板',
      [
        ['区发展改革局', 'lead'],
        ['区教育局', 'co'],
        ['区民政局', 'co'],
        ['区卫生健康局', 'co'],
        ['区住房城乡建设局', 'co'],
        ['区综合行政执法局', 'co'],
      ],
    ],
    [
      '8',
      '充分发挥区属国企作用',
      [
        ['区国资办', 'lead'],
        ['区发展改革局', 'co'],
        ['区财政局', 'co'],
        ['各区属国企', 'co'],
      ],
    ],
    [
      '74',
      '支持推进“弱有众扶”',
      [
        ['区民政局', 'lead'],
        ['区残联', 'co'],
        ['市医疗保障局临安分局', 'co'],
        ['区财政局', 'co'],
      ],
    ],
  ])('measure %s: %s', (number, title, roles) => {
    expect(measureOf(preview, number).title).toBe(title);
    expect(rolesOf(measureOf(preview, number))).toEqual(roles);
  });

  it('puts the news preface, the notice and the closing remarks aside without losing a line', () => {
    expect(preview.measures[0].line).toBe(13);
    expect(preview.coverage?.unplacedLines).toBe(0);
    expect(preview.stats).toMatchObject({ measures: 74, tasks: 74, unassigned: 0 });
  });
});

describe('measures documents: rules and layouts', () => {
  it('gives a measure naming no unit its section’s leads', () => {
    const preview = parseDocument(
      [
        '关于支持企业发展的若干措施',
        '一、扩大有效投资（由区发改局牵头实施）',
        '（一）发挥重大项目带动作用。加快项目建设。',
        '（二）加大财政支持力度。统筹资金。（责任单位：区财政局）',
        '二、保障民生（由区人力社保局、区民政局牵头实施）',
        '（三）支持就业。稳岗扩岗。',
      ].join('\n'),
      { defaultYear: 2024, currentYear: 2026 },
    );
    expect(preview.measures.map(rolesOf)).toEqual([
      [['区发展改革局', 'lead']],
      [['区财政局', 'lead']],
      [
        ['区人力资源社会保障局', 'lead'],
        ['区民政局', 'lead'],
      ],
    ]);
    expect(preview.stats.unassigned).toBe(0);
    expect(preview.document.defaultYear).toBe(2024);
  });

  it('reads 不分先后 and 排在第一位的为牵头单位 from where they stand, front matter included', () => {
    const preview = parseDocument(
      [
        '关于若干措施',
        '（以下各项措施中，责任单位排名不分先后，下同）',
        '1. 措施甲。内容。（责任单位：区财政局、区商务局）',
        '2. 措施乙。内容。（责任单位：区商务局、区财政局。排在第一位的为牵头单位）',
        '3. 措施丙。内容。（责任单位：区税务局、区财政局）',
      ].join('\n'),
      { defaultYear: 2024, currentYear: 2026 },
    );
    expect(preview.measures.map(rolesOf)).toEqual([
      [
        ['区财政局', 'co'],
        ['区商务局', 'co'],
      ],
      [
        ['区商务局', 'lead'],
        ['区财政局', 'co'],
      ],
      [
        ['区税务局', 'lead'],
        ['区财政局', 'co'],
      ],
    ]);
    expect(preview.measures[0].lead).toBeNull();
    expect(preview.warnings).toContainEqual(expect.objectContaining({ code: 'LEAD_UNSPECIFIED', measure: '1', line: 3 }));
  });

  it('applies a standing co-unit only from the measure that states it', () => {
    const preview = parseDocument(
      [
        '关于若干措施',
        '1. 甲。内容。（责任单位：市财政局）',
        '2. 乙。内容。（责任单位：市商务局。以下措施责任单位均包括各区市政府、管委，不再一一列出）',
        '3. 丙。内容。（责任单位：市税务局）',
      ].join('\n'),
      { defaultYear: 2024, currentYear: 2026 },
    );
    expect(preview.measures.map((measure) => measure.units.map((unit) => unit.unit))).toEqual([
      ['市财政局'],
      ['市商务局', '各区市政府、管委'],
      ['市税务局', '各区市政府、管委'],
    ]);
  });

  it('reads traditional characters and a stated deadline', () => {
    const preview = parseDocument(
      [
        '關於支持企業發展的若干措施',
        '1. 支持企業創新。內容。（責任單位：區財政局、區商務局；完成時限：2024年6月底）',
        '2. 加強服務。內容。（牽頭單位：區發改局）',
      ].join('\n'),
      { currentYear: 2026 },
    );
    expect(preview.document.title).toBe('关于支持企业发展的若干措施');
    expect(preview.measures.map(rolesOf)).toEqual([
      [
        ['区财政局', 'lead'],
        ['区商务局', 'co'],
      ],
      [['区发展改革局', 'lead']],
    ]);
    expect(preview.measures[0].deadline).toEqual({ text: '2024年6月底', date: '2024-06-30', precision: 'month' });
    expect(preview.measures[1].deadline).toEqual({ text: '2024年', date: '2024-12-31', precision: 'default' });
  });

  it('keeps lower numbering (1. 2.) inside a （一） measure', () => {
    const preview = parseDocument(
      ['关于若干措施', '（一）措施甲。总述。', '1. 细项一。', '2. 细项二。（责任单位：区财政局）', '（二）措施乙。内容。（责任单位：区商务局）'].join('\n'),
      { defaultYear: 2024, currentYear: 2026 },
    );
    expect(preview.measures.map((measure) => [measure.number, measure.body, measure.lead?.unit])).toEqual([
      ['1', '措施甲。总述。\n1.细项一。\n2.细项二。', '区财政局'],
      ['2', '措施乙。内容。', '区商务局'],
    ]);
  });

  it('warns about gaps in the numbering and about text after a closed measure', () => {
    const preview = parseDocument(
      ['关于若干措施', '1. 甲。内容。（责任单位：区财政局）', '这一段不属于任何措施。', '3. 丙。内容。（责任单位：区商务局）'].join('\n'),
      { defaultYear: 2024, currentYear: 2026 },
    );
    expect(preview.warnings.map((warning) => [warning.line, warning.code])).toEqual([
      [3, 'LINE_UNPLACED'],
      [4, 'ITEM_SEQUENCE'],
    ]);
  });
});
