/**
 * The readers added for documents of other cities and districts: radical code points, page
 * furniture, run-on and fixed-width text, lead clauses, bracket variants, standing rules,
 * field lines and task tables. The labelled corpus (bench/import-corpus.spec.ts) checks them on
 * whole documents; these pin each rule on its own.
 */
import { UnitResolver } from '../units/unit-resolver';
import { leadClauseAsFields, parseAssignment, splitTrailingAssignment } from './assignment';
import { normalizeRadicals } from './cjk-radicals';
import { findPageFurniture } from './page-furniture';
import { parseDocument } from './parse-document';
import { fromLines, joinFixedWidthLines, splitRunOnLines } from './run-on-text';
import { isTraditionalDocument, toSimplified } from './traditional-chars';

const parse = (lines: string[]) => parseDocument(lines.join('\n'), { currentYear: 2026 });
const unitsOf = (lines: string[]) => parse(lines).measures.map((measure) => measure.units.map((unit) => `${unit.unit}/${unit.role}`));

describe('radical code points from PDF extraction', () => {
  it('maps CJK Radicals Supplement and Kangxi radicals to their ideographs', () => {
    expect(normalizeRadicals('⻢剑萍 增⻓ ⻓期坚持 ⻔户 ⼀⼆')).toBe('马剑萍 增长 长期坚持 门户 一二');
  });

  it('leaves text without radicals untouched (the same string)', () => {
    const text = '长期坚持，持续推进';
    expect(normalizeRadicals(text)).toBe(text);
  });
});

describe('Traditional characters', () => {
  it('converts the whole text with OpenCC, phrases included', () => {
    expect(toSimplified('關於促進文化產業發展的若干措施（市文化和旅遊局牽頭）')).toBe('关于促进文化产业发展的若干措施（市文化和旅游局牵头）');
  });

  it('tells a Traditional document from a Simplified one with a few Traditional characters mixed in', () => {
    expect(isTraditionalDocument('關於促進文化產業高質量發展的若干措施')).toBe(true);
    expect(isTraditionalDocument('关于减免房屋租金的若干措施，印花稅按规定减免，其余按现行政策执行')).toBe(false);
  });
});

describe('page furniture', () => {
  it('finds page numbers, a browser print header and footer, and a running header beside them', () => {
    const lines = [
      '第一页的正文，',
      '12/6/26，5:20 AM',
      '乡村振兴重点任务',
      'file：///tmp/document.html1/2',
      '',
      '第二页的正文。',
      '— 2 —',
      '乡村振兴重点任务',
      '（一）政策原文',
      '第3页 共10页',
    ];
    expect([...findPageFurniture(lines)].sort((a, b) => a - b)).toEqual([1, 2, 3, 6, 7, 9]);
  });

  it('finds nothing in text without page numbers', () => {
    expect(findPageFurniture(['乡村振兴重点任务', '（一）政策原文', '乡村振兴重点任务']).size).toBe(0);
  });
});

describe('run-on and fixed-width text', () => {
  it('splits a one-line document before each item number, not before 按第3条 or 1.5万元', () => {
    const [line] = fromLines(['措施如下。一、减负1.减免租金。按第3条执行，最高1.5万元。（区财政局牵头）2.降低成本。（区金融办牵头）本措施自印发之日起施行。']);
    expect(splitRunOnLines([line]).map((piece) => piece.text)).toEqual([
      '措施如下。',
      '一、减负',
      '1.减免租金。按第3条执行，最高1.5万元。（区财政局牵头）',
      '2.降低成本。（区金融办牵头）',
      '本措施自印发之日起施行。',
    ]);
  });

  it('joins lines cut at one width and keeps their source line numbers', () => {
    const source = '一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳';
    const lines = Array.from({ length: 10 }, () => source.slice(0, 20));
    const joined = joinFixedWidthLines(fromLines([...lines, '短行。']));
    expect(joined).toHaveLength(1);
    expect(joined[0].starts.map((start) => start.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('lead clauses and bracket variants', () => {
  const resolver = new UnitResolver();

  it.each([
    ['市商务局牵头，市财政局、市市场监管局配合，2024年6月底前完成', '牵头单位：市商务局；配合单位：市财政局、市市场监管局；完成时限：2024年6月底前'],
    ['市文化和旅游局、市体育局按职责分工负责', '责任单位：市文化和旅游局、市体育局'],
    ['市发展改革委、市商务局分别负责', '责任单位：市发展改革委、市商务局'],
    ['各县（市、区）人民政府牵头，市商务局配合', '牵头单位：各县（市、区）人民政府；配合单位：市商务局'],
    ['区农业农村局牵头，各镇（街道）均为责任单位，下同', '牵头单位：区农业农村局；配合单位：各镇（街道）'],
    ['区委组织部、区农业农村局', '责任单位：区委组织部、区农业农村局'],
  ])('%s', (clause, fields) => {
    expect(leadClauseAsFields(clause)).toBe(fields);
  });

  it.each([['以下简称“一件事”'], ['街道'], ['2024年']])('is no assignment: %s', (inner) => {
    expect(leadClauseAsFields(inner)).toBeNull();
  });

  it('finds an assignment in 【】, 〔〕 and [ ] as in （）', () => {
    for (const [open, close] of [
      ['【', '】'],
      ['〔', '〕'],
      ['[', ']'],
      ['（', '）'],
    ]) {
      expect(splitTrailingAssignment(`正文。${open}牵头单位：区财政局${close}`)).toEqual({ body: '正文。', inner: '牵头单位：区财政局' });
    }
  });

  it('reads the first of 主办单位 as the lead, 协办单位 as co-units', () => {
    const assignment = parseAssignment('主办单位：县交通运输局；协办单位：各乡镇人民政府', resolver);
    expect(assignment.units.map((unit) => `${unit.unit}/${unit.role}`)).toEqual(['县交通运输局/lead', '各乡镇人民政府/co']);
  });
});

describe('rules that stand for the rest of a document', () => {
  it('各镇（街道）均为责任单位，下同: this measure and every later one', () => {
    expect(
      unitsOf([
        '关于推进乡村建设的若干措施',
        '1.修建道路。（区交通运输局牵头）',
        '2.整治环境。（区农业农村局牵头，各镇（街道）均为责任单位，下同）',
        '3.建设设施。（区住房城乡建设局牵头）',
      ]),
    ).toEqual([['区交通运输局/lead'], ['区农业农村局/lead', '各镇、街道/co'], ['区住房城乡建设局/lead', '各镇、街道/co']]);
  });
});

describe('field lines after a measure', () => {
  it('reads 牵头单位 / 配合单位 / 完成时限 / 联系人 / 联系电话 in any order, colons of either width', () => {
    const preview = parse([
      '关于做好2024年度重点工作的通知',
      '（一）推进项目建设。全年完成投资10亿元。',
      '完成时限:2024年第三季度',
      '联系人：王小明',
      '牵头单位：区发展改革局',
      '联系电话：0533-1234567',
      '配合单位：区财政局',
      '（二）做好服务保障。',
      '责任单位：区行政审批局',
    ]);
    expect(preview.measures[0]).toMatchObject({
      lead: { unit: '区发展改革局' },
      units: [expect.objectContaining({ unit: '区发展改革局', role: 'lead' }), expect.objectContaining({ unit: '区财政局', role: 'co' })],
      deadline: { date: '2024-09-30', precision: 'quarter' },
      contacts: [{ name: '王小明', phone: '0533-1234567', unit: '区发展改革局' }],
    });
    expect(preview.measures[1].lead?.unit).toBe('区行政审批局');
    expect(preview.coverage?.unplacedLines).toBe(0);
  });
});

describe('task tables as tab-separated text', () => {
  it('reads rows with section rows between them; an empty lead cell below a filled one is a merged cell, said so', () => {
    const preview = parse([
      '2024年重点任务分解表',
      '序号\t重点任务\t牵头单位\t配合单位\t时间节点',
      '一、招商引资\t\t\t\t',
      '1\t引进项目5个。\t区投资促进局\t区财政局\t2024年6月',
      '2\t编制招商图谱。\t\t区发展改革局\t长期',
      '注：请各单位按时报送。',
    ]);
    expect(preview.document).toMatchObject({ shape: 'table', title: '2024年重点任务分解表', defaultYear: 2024 });
    expect(preview.sections.map((section) => section.heading)).toEqual(['一、招商引资']);
    expect(preview.measures.map((measure) => [measure.number, measure.section, measure.lead?.unit, measure.deadline?.date ?? 'ongoing'])).toEqual([
      ['1', '一、招商引资', '区投资促进局', '2024-06-30'],
      ['2', '一、招商引资', '区投资促进局', 'ongoing'],
    ]);
    expect(preview.warnings.map((warning) => `${warning.line}:${warning.code}`)).toEqual(['5:LEAD_FROM_ROW_ABOVE', '6:LINE_UNPLACED']);
  });
});
